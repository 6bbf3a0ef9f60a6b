namespace LiveReminder.Dashboard.QrCodes;

/// <summary>Resource key anchor for the QR code tab and the public landing page.</summary>
public sealed class QrCodesText;
