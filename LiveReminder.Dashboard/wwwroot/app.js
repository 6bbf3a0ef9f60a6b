// Small browser helpers the console calls through JS interop.
window.liveReminder = {
  copyText: async (text) => { await navigator.clipboard.writeText(text); return true; },
  download: (url) => { const a = document.createElement('a'); a.href = url; a.download = ''; document.body.appendChild(a); a.click(); a.remove(); }
};
