using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LiveReminder.Dashboard.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SubscribeChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "OpenId",
                table: "Subscriptions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<string>(
                name: "MiniProgramOpenId",
                table: "Subscriptions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "Deliveries",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MiniProgramOpenId",
                table: "Deliveries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            // Every delivery made before subscribe channels existed went out (or was tried) as a template message.
            migrationBuilder.Sql("""UPDATE "Deliveries" SET "Channel" = 'Template' WHERE "Status" IN ('Sent', 'Failed', 'Skipped')""");

            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    App = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OpenId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TemplateId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Unused = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UnmatchedAcceptFrom = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    UnmatchedAcceptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_LiveId_MiniProgramOpenId",
                table: "Subscriptions",
                columns: new[] { "LiveId", "MiniProgramOpenId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_App_OpenId_TemplateId",
                table: "ConsentRecords",
                columns: new[] { "App", "OpenId", "TemplateId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentRecords");

            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_LiveId_MiniProgramOpenId",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "MiniProgramOpenId",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "MiniProgramOpenId",
                table: "Deliveries");

            migrationBuilder.AlterColumn<string>(
                name: "OpenId",
                table: "Subscriptions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);
        }
    }
}
