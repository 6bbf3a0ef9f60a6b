#!/usr/bin/env python3
"""NOT Grafana: an honest stand-in used where Grafana cannot be installed.

Scrapes LiveReminder.Dashboard's /metrics while a bench runs, computes the same series the Grafana dashboard's main
panels ask Prometheus for (rates over the scrape interval instead of PromQL's rate()[1m]), and writes an HTML page of
SVG charts; pass --png to screenshot it with headless Chromium.

  Metrics__Enabled=true dotnet run -c Release --project bench/LiveReminder.Bench -- --quick --only webhook,dispatch &
  python3 docs/observability/render-dashboard.py --follow-bench --out /tmp/dashboard.html --png docs/observability/dashboard-bench.png
"""
import argparse, os, re, subprocess, sys, time, urllib.request
from collections import defaultdict

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+([^\s]+)')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def parse(text):
    samples = []
    for line in text.splitlines():
        if line.startswith('#'):
            continue
        m = LINE.match(line)
        if not m:
            continue
        try:
            value = float(m.group(4))
        except ValueError:
            continue
        samples.append((m.group(1), dict(LABEL.findall(m.group(3) or '')), value))
    return samples


def bench_product_url():
    """The ASPNETCORE_URLS of a running LiveReminder.Dashboard.dll started with Metrics__Enabled=true (the bench's product)."""
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            cmd = open(f'/proc/{pid}/cmdline', 'rb').read().decode(errors='replace')
            if 'LiveReminder.Dashboard.dll' not in cmd:
                continue
            env = dict(kv.split('=', 1) for kv in open(f'/proc/{pid}/environ', 'rb').read().decode(errors='replace').split('\0') if '=' in kv)
            if env.get('Metrics__Enabled', '').lower() == 'true' and 'ASPNETCORE_URLS' in env:
                return env['ASPNETCORE_URLS'].split(';')[0]
        except OSError:
            continue
    return None


def collect(args):
    frames = []  # (seconds since start, samples)
    start = time.time()
    idle_since = None
    while time.time() - start < args.max_seconds:
        url = args.url or bench_product_url()
        if url:
            try:
                text = urllib.request.urlopen(url.rstrip('/') + '/metrics', timeout=5).read().decode()
                frames.append((time.time() - start, parse(text)))
                idle_since = None
            except Exception:
                url = None
        if not url:
            idle_since = idle_since or time.time()
            if frames and time.time() - idle_since > args.idle_stop:
                break
        time.sleep(args.interval)
    return frames


def total(samples, name, by=(), where=None):
    out = defaultdict(float)
    for n, labels, v in samples:
        if n == name and all(labels.get(k) == val for k, val in (where or {}).items()):
            out[tuple(labels.get(k, '') for k in by)] += v
    return out


def rates(frames, name, by=(), where=None):
    series = defaultdict(list)
    for (t0, s0), (t1, s1) in zip(frames, frames[1:]):
        a, b = total(s0, name, by, where), total(s1, name, by, where)
        for key in set(a) | set(b):
            d = b.get(key, 0) - a.get(key, 0)
            series[key].append((t1, max(d, 0) / max(t1 - t0, 1e-6) if d >= 0 else b.get(key, 0) / max(t1 - t0, 1e-6)))
    return series


def quantile(frames, name, q, where=None, window=5):
    points = []
    for i in range(window, len(frames)):
        a = total(frames[i - window][1], name + '_bucket', ('le',), where)
        b = total(frames[i][1], name + '_bucket', ('le',), where)
        buckets = sorted(((float('inf') if k[0] == '+Inf' else float(k[0])), b.get(k, 0) - a.get(k, 0)) for k in b)
        if not buckets or buckets[-1][1] <= 0:
            continue
        rank, prev_le, prev_c = q * buckets[-1][1], 0.0, 0.0
        for le, c in buckets:
            if c >= rank:
                value = prev_le if le == float('inf') else prev_le + (le - prev_le) * (rank - prev_c) / max(c - prev_c, 1e-9)
                points.append((frames[i][0], value))
                break
            prev_le, prev_c = le, c
    return points


def gauge(frames, name, by=(), where=None):
    series = defaultdict(list)
    for t, s in frames:
        for key, v in total(s, name, by, where).items():
            series[key].append((t, v))
    return series


COLORS = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#fade2a']


def svg_panel(title, series, unit, width=640, height=250):
    pad_l, pad_r, pad_t, pad_b = 60, 10, 30, 40
    pts = [p for s in series.values() for p in s]
    tmax = max((p[0] for p in pts), default=1) or 1
    vmax = max((p[1] for p in pts), default=1) or 1
    vmax *= 1.1
    x = lambda t: pad_l + (width - pad_l - pad_r) * t / tmax
    y = lambda v: pad_t + (height - pad_t - pad_b) * (1 - v / vmax)
    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" style="background:#181b1f">',
             f'<text x="10" y="20" fill="#ccccdc" font-size="14" font-family="sans-serif">{title}</text>']
    for i in range(5):
        v = vmax * i / 4
        parts.append(f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#2c3235"/>')
        parts.append(f'<text x="{pad_l - 5}" y="{y(v) + 4:.1f}" fill="#8e8e8e" font-size="10" text-anchor="end" font-family="sans-serif">{v:.3g}{unit}</text>')
    for i in range(6):
        t = tmax * i / 5
        parts.append(f'<text x="{x(t):.1f}" y="{height - pad_b + 14}" fill="#8e8e8e" font-size="10" text-anchor="middle" font-family="sans-serif">{t:.0f}s</text>')
    legend_x = pad_l
    for i, (label, points) in enumerate(sorted(series.items())):
        color = COLORS[i % len(COLORS)]
        if points:
            path = ' '.join(f'{x(t):.1f},{y(v):.1f}' for t, v in points)
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{path}"/>')
        parts.append(f'<rect x="{legend_x}" y="{height - 14}" width="10" height="3" fill="{color}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="{height - 10}" fill="#ccccdc" font-size="10" font-family="sans-serif">{label}</text>')
        legend_x += 14 + 6 * len(label) + 16
    if not pts:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" fill="#8e8e8e" font-size="12" text-anchor="middle" font-family="sans-serif">no data</text>')
    parts.append('</svg>')
    return ''.join(parts)


def label(key, names):
    return ' '.join(f'{n}={v}' for n, v in zip(names, key) if v != '') or 'all'


def render(frames, out):
    pushes = rates(frames, 'livereminder_webhook_pushes_total', ('wechat_app', 'outcome'))
    rejected = rates(frames, 'livereminder_webhook_pushes_total', ('reason',), {'outcome': 'rejected'})
    p99 = quantile(frames, 'livereminder_webhook_push_duration_seconds', 0.99, {'outcome': 'accepted'})
    p50 = quantile(frames, 'livereminder_webhook_push_duration_seconds', 0.5, {'outcome': 'accepted'})
    sends = rates(frames, 'livereminder_reminder_deliveries_total', ('outcome', 'errcode'))
    missed = gauge(frames, 'livereminder_reminder_missed_total')
    overdue = gauge(frames, 'livereminder_reminder_overdue')
    token_errors = gauge(frames, 'livereminder_wechat_token_fetches_total', ('errcode',), {'outcome': 'error'})
    queue = gauge(frames, 'livereminder_webhook_queue_depth')
    panels = [
        svg_panel('Webhook pushes/s by app and outcome', {label(k, ('app', 'outcome')): v for k, v in pushes.items()}, ''),
        svg_panel('Rejected webhook calls/s by reason', {label(k, ('reason',)): v for k, v in rejected.items()} or {'rejected': []}, ''),
        svg_panel('Push handling time p50 / p99 (accepted)', {'p50': p50, 'p99': p99}, 's'),
        svg_panel('Reminder sends/s by outcome and errcode', {label(k, ('outcome', 'errcode')): v for k, v in sends.items()} or {'sends': []}, ''),
        svg_panel('Missed reminders (total) and overdue now', {'missed total': missed.get((), []), 'overdue': overdue.get((), [])}, ''),
        svg_panel('Access-token fetch errors (total) by errcode', {label(k, ('errcode',)): v for k, v in token_errors.items()} or {'errors': []}, ''),
        svg_panel('Group-commit queue depth', {'queue depth': queue.get((), [])}, ''),
    ]
    html = ('<html><body style="background:#111217;color:#ccccdc;font-family:sans-serif;margin:12px">'
            '<h2 style="margin:4px 0">LiveReminder: on call <span style="color:#f2495c">(NOT Grafana)</span></h2>'
            f'<p style="margin:4px 0 10px;font-size:12px">A stand-in rendered by docs/observability/render-dashboard.py from {len(frames)} scrapes of '
            '/metrics during a bench run; the same series as the Grafana dashboard\'s panels, computed from the scrapes instead of PromQL.</p>'
            '<div style="display:grid;grid-template-columns:660px 660px;gap:8px">'
            + ''.join(f'<div>{p}</div>' for p in panels) + '</div></body></html>')
    open(out, 'w').write(html)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--url', help='base URL of the app (default: find the bench product started with Metrics__Enabled=true)')
    ap.add_argument('--follow-bench', action='store_true')
    ap.add_argument('--interval', type=float, default=1.0)
    ap.add_argument('--max-seconds', type=float, default=600)
    ap.add_argument('--idle-stop', type=float, default=60, help='stop after this long without a product to scrape')
    ap.add_argument('--out', default='dashboard.html')
    ap.add_argument('--png')
    args = ap.parse_args()
    frames = collect(args)
    if not frames:
        sys.exit('nothing scraped')
    render(frames, args.out)
    if args.png:
        subprocess.run(['chromium', '--headless', '--no-sandbox', '--hide-scrollbars', '--window-size=1350,1100',
                        f'--screenshot={os.path.abspath(args.png)}', 'file://' + os.path.abspath(args.out)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == '__main__':
    main()
