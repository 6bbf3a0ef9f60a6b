using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveReminder.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Webhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MiniProgramSessions",
                columns: table => new
                {
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SessionFrom = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MiniProgramSessions", x => x.OpenId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MiniProgramSessions_At",
                table: "MiniProgramSessions",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MiniProgramSessions");
        }
    }
}
