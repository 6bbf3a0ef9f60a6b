using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveReminder.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardInsightsNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reminders_LiveId_LeadTime",
                table: "Reminders");

            migrationBuilder.AddColumn<string>(
                name: "Via",
                table: "Subscriptions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "QrCode");

            migrationBuilder.AddColumn<Guid>(
                name: "ChangeVersion",
                table: "Reminders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Reminders",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Reminder");

            migrationBuilder.AddColumn<long>(
                name: "NoticeStartsAt",
                table: "Reminders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PreviousStartsAt",
                table: "Reminders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OptOutPrompts",
                columns: table => new
                {
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubscriptionIds = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OptOutPrompts", x => x.OpenId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_LiveId_ChangeVersion",
                table: "Reminders",
                columns: new[] { "LiveId", "ChangeVersion" },
                unique: true,
                filter: "\"ChangeVersion\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_LiveId_LeadTime",
                table: "Reminders",
                columns: new[] { "LiveId", "LeadTime" },
                unique: true,
                filter: "\"Kind\" = 'Reminder'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OptOutPrompts");

            migrationBuilder.DropIndex(
                name: "IX_Reminders_LiveId_ChangeVersion",
                table: "Reminders");

            migrationBuilder.DropIndex(
                name: "IX_Reminders_LiveId_LeadTime",
                table: "Reminders");

            migrationBuilder.DropColumn(
                name: "Via",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "ChangeVersion",
                table: "Reminders");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Reminders");

            migrationBuilder.DropColumn(
                name: "NoticeStartsAt",
                table: "Reminders");

            migrationBuilder.DropColumn(
                name: "PreviousStartsAt",
                table: "Reminders");

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_LiveId_LeadTime",
                table: "Reminders",
                columns: new[] { "LiveId", "LeadTime" },
                unique: true);
        }
    }
}
