using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveReminder.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class SubscribersPagingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_LiveId_CancelledAt_SubscribedAt",
                table: "Subscriptions",
                columns: new[] { "LiveId", "CancelledAt", "SubscribedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_LiveId_CancelledAt_SubscribedAt",
                table: "Subscriptions");
        }
    }
}
