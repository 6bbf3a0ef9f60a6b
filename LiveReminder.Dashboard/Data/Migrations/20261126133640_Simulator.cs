using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveReminder.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Simulator : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SimAccessTokens",
                columns: table => new
                {
                    AppId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviousToken = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    PreviousExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ForcedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimAccessTokens", x => x.AppId);
                });

            migrationBuilder.CreateTable(
                name: "SimClientMsgIds",
                columns: table => new
                {
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClientMsgId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    MsgId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimClientMsgIds", x => new { x.OpenId, x.ClientMsgId });
                });

            migrationBuilder.CreateTable(
                name: "SimFaults",
                columns: table => new
                {
                    Api = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ErrCode = table.Column<int>(type: "INTEGER", nullable: false),
                    Rate = table.Column<double>(type: "REAL", nullable: false),
                    LatencyMs = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeoutRate = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimFaults", x => x.Api);
                });

            migrationBuilder.CreateTable(
                name: "SimInboxMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Api = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MsgType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: false),
                    MsgId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimInboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SimTickets",
                columns: table => new
                {
                    Ticket = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Scene = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimTickets", x => x.Ticket);
                });

            migrationBuilder.CreateTable(
                name: "SimUsers",
                columns: table => new
                {
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MiniProgramOpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Nickname = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FollowsOfficialAccount = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastMessageAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WindowMessagesSent = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionEnteredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SessionMessagesSent = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimUsers", x => x.OpenId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SimInboxMessages_Api_ReceivedAt",
                table: "SimInboxMessages",
                columns: new[] { "Api", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SimInboxMessages_OpenId_Id",
                table: "SimInboxMessages",
                columns: new[] { "OpenId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SimTickets_Url",
                table: "SimTickets",
                column: "Url");

            migrationBuilder.CreateIndex(
                name: "IX_SimUsers_MiniProgramOpenId",
                table: "SimUsers",
                column: "MiniProgramOpenId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SimAccessTokens");

            migrationBuilder.DropTable(
                name: "SimClientMsgIds");

            migrationBuilder.DropTable(
                name: "SimFaults");

            migrationBuilder.DropTable(
                name: "SimInboxMessages");

            migrationBuilder.DropTable(
                name: "SimTickets");

            migrationBuilder.DropTable(
                name: "SimUsers");
        }
    }
}
