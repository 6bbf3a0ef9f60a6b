using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LiveReminder.Dashboard.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OpenId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LiveId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    TemplateId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentIntents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SimSubscribeConsents",
                columns: table => new
                {
                    App = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OpenId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TemplateId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Remaining = table.Column<int>(type: "integer", nullable: false),
                    LastStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimSubscribeConsents", x => new { x.App, x.OpenId, x.TemplateId });
                });

            migrationBuilder.CreateTable(
                name: "SimTemplateRefusals",
                columns: table => new
                {
                    OpenId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TemplateId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RefusedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
