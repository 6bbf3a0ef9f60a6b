using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveReminder.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SimulatorSubscribeConsents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsentIntents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LiveId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MatchedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentIntents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SimSubscribeConsents",
                columns: table => new
                {
                    App = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Remaining = table.Column<int>(type: "INTEGER", nullable: false),
                    LastStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimSubscribeConsents", x => new { x.App, x.OpenId, x.TemplateId });
                });

            migrationBuilder.CreateTable(
                name: "SimTemplateRefusals",
                columns: table => new
                {
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RefusedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimTemplateRefusals", x => new { x.OpenId, x.TemplateId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentIntents_CreatedAt",
                table: "ConsentIntents",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentIntents_OpenId_CreatedAt",
                table: "ConsentIntents",
                columns: new[] { "OpenId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentIntents");

            migrationBuilder.DropTable(
                name: "SimSubscribeConsents");

            migrationBuilder.DropTable(
                name: "SimTemplateRefusals");
        }
    }
}
