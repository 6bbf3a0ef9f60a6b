using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveReminder.Dashboard.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReminderRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reminders_LiveId_LeadTime",
                table: "Reminders");

            migrationBuilder.AddColumn<int>(
                name: "MissedCount",
                table: "Reminders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StartsAt",
                table: "Reminders",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DispatchedAt",
                table: "Deliveries",
                type: "timestamp with time zone",
                nullable: true);

            // Each existing run is for the start it announced: a notice's own, a reminder's the live's current one.
            migrationBuilder.Sql("""
                UPDATE "Reminders" SET "StartsAt" = COALESCE("NoticeStartsAt",
                    (SELECT l."StartsAt" FROM "Lives" l WHERE l."Id" = "Reminders"."LiveId"))
                """);
            migrationBuilder.DropColumn(
                name: "NoticeStartsAt",
                table: "Reminders");

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_LiveId_LeadTime_StartsAt",
                table: "Reminders",
                columns: new[] { "LiveId", "LeadTime", "StartsAt" },
                unique: true,
                filter: "\"Kind\" = 'Reminder'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reminders_LiveId_LeadTime_StartsAt",
                table: "Reminders");

            migrationBuilder.DropColumn(
                name: "MissedCount",
                table: "Reminders");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NoticeStartsAt",
                table: "Reminders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.Sql("""UPDATE "Reminders" SET "NoticeStartsAt" = "StartsAt" WHERE "Kind" <> 'Reminder'""");

            migrationBuilder.DropColumn(
                name: "StartsAt",
                table: "Reminders");

            migrationBuilder.DropColumn(
                name: "DispatchedAt",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_LiveId_LeadTime",
                table: "Reminders",
                columns: new[] { "LiveId", "LeadTime" },
                unique: true,
                filter: "\"Kind\" = 'Reminder'");
        }
    }
}
