using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveReminder.Dashboard.Simulator;

// Table names as they were while the product context held a DbSet per simulator entity (the model must not move).

internal sealed class SimUserConfiguration : IEntityTypeConfiguration<SimUser>
{
    public void Configure(EntityTypeBuilder<SimUser> user)
    {
        user.ToTable("SimUsers");
        user.HasKey(u => u.OpenId);
        user.Property(u => u.OpenId).HasMaxLength(64);
        user.Property(u => u.MiniProgramOpenId).HasMaxLength(64);
        user.Property(u => u.Nickname).HasMaxLength(64);
        user.HasIndex(u => u.MiniProgramOpenId).IsUnique();
    }
}

internal sealed class SimTicketConfiguration : IEntityTypeConfiguration<SimTicket>
{
    public void Configure(EntityTypeBuilder<SimTicket> ticket)
    {
        ticket.ToTable("SimTickets");
        ticket.HasKey(t => t.Ticket);
        ticket.Property(t => t.Ticket).HasMaxLength(256);
        ticket.Property(t => t.Url).HasMaxLength(128);
        ticket.Property(t => t.Scene).HasMaxLength(64);
        ticket.HasIndex(t => t.Url);
    }
}

internal sealed class SimInboxMessageConfiguration : IEntityTypeConfiguration<SimInboxMessage>
{
    public void Configure(EntityTypeBuilder<SimInboxMessage> message)
    {
        message.ToTable("SimInboxMessages");
        message.Property(m => m.OpenId).HasMaxLength(64);
        message.Property(m => m.Api).HasMaxLength(64);
        message.Property(m => m.MsgType).HasMaxLength(32);
        message.Property(m => m.Body).HasMaxLength(8192);
        message.HasIndex(m => new { m.OpenId, m.Id });
        message.HasIndex(m => new { m.Api, m.ReceivedAt });
    }
}

internal sealed class SimClientMsgIdConfiguration : IEntityTypeConfiguration<SimClientMsgId>
{
    public void Configure(EntityTypeBuilder<SimClientMsgId> entry)
    {
        entry.ToTable("SimClientMsgIds");
        entry.HasKey(c => new { c.OpenId, c.ClientMsgId });
        entry.Property(c => c.OpenId).HasMaxLength(64);
        entry.Property(c => c.ClientMsgId).HasMaxLength(128);
    }
}

internal sealed class SimAccessTokenConfiguration : IEntityTypeConfiguration<SimAccessToken>
{
    public void Configure(EntityTypeBuilder<SimAccessToken> token)
    {
        token.ToTable("SimAccessTokens");
        token.HasKey(t => t.AppId);
        token.Property(t => t.AppId).HasMaxLength(64);
        token.Property(t => t.Token).HasMaxLength(512);
        token.Property(t => t.PreviousToken).HasMaxLength(512);
    }
}

internal sealed class SimFaultConfiguration : IEntityTypeConfiguration<SimFault>
{
    public void Configure(EntityTypeBuilder<SimFault> fault)
    {
        fault.ToTable("SimFaults");
        fault.HasKey(f => f.Api);
        fault.Property(f => f.Api).HasMaxLength(64);
    }
}

internal sealed class SimSubscribeConsentConfiguration : IEntityTypeConfiguration<SimSubscribeConsent>
{
    public void Configure(EntityTypeBuilder<SimSubscribeConsent> consent)
    {
        consent.ToTable("SimSubscribeConsents");
        consent.HasKey(c => new { c.App, c.OpenId, c.TemplateId });
        consent.Property(c => c.App).HasMaxLength(32);
        consent.Property(c => c.OpenId).HasMaxLength(64);
        consent.Property(c => c.TemplateId).HasMaxLength(128);
        consent.Property(c => c.LastStatus).HasMaxLength(16);
    }
}

internal sealed class SimTemplateRefusalConfiguration : IEntityTypeConfiguration<SimTemplateRefusal>
{
    public void Configure(EntityTypeBuilder<SimTemplateRefusal> refusal)
    {
        refusal.ToTable("SimTemplateRefusals");
        refusal.HasKey(r => new { r.OpenId, r.TemplateId });
        refusal.Property(r => r.OpenId).HasMaxLength(64);
        refusal.Property(r => r.TemplateId).HasMaxLength(128);
    }
}
