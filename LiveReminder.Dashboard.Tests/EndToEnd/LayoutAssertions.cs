using System.Text.Json;
using Microsoft.Playwright;

namespace LiveReminder.Dashboard.Tests.EndToEnd;

/// <summary>
/// Checks a rendered page the way a thumb meets it: every visible interactive element (buttons, links, inputs, tabs,
/// icon buttons) must sit inside the viewport horizontally and must not overlap another one, and the page itself must
/// not scroll sideways. Boxes are measured in the browser; an element clipped by a scrolling ancestor (a tab strip,
/// a wide table) counts only with the part that ancestor shows. A form field's own buttons (a number field's
/// up/down arrows, a clear button) are drawn inside that field by design: they are checked against everything else,
/// not against their own field.
/// </summary>
public static class LayoutAssertions
{
    /// <summary>Elements a user taps or types into. Icons inside a button are part of that button, not separate targets.</summary>
    public const string InteractiveSelector =
        "button, a[href], input:not([type=hidden]), select, textarea, [role=tab], [role=button], [role=combobox], [role=checkbox], [role=switch]";

    /// <summary>One form field of MudBlazor's: its input and the adornment buttons inside it.</summary>
    public const string FieldSelector = ".mud-input-control";

    private const string Script = """
        ({ selector, fieldSelector, tolerance }) => {
          const vw = document.documentElement.clientWidth;
          const describe = e => {
            const id = e.id ? '#' + e.id : '';
            const testId = e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : '';
            const label = (e.getAttribute('aria-label') || e.innerText || e.value || e.placeholder || '').trim().replace(/\s+/g, ' ').slice(0, 40);
            return `<${e.tagName.toLowerCase()}${id}${testId}> "${label}"`;
          };
          const shown = e => {
            for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
              const s = getComputedStyle(n);
              if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
            }
            return true;
          };
          // The part of the element its clipping ancestors let through (a scrolled tab strip shows only some tabs).
          const visibleBox = e => {
            const r = e.getBoundingClientRect();
            let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
            for (let n = e.parentElement; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
              const s = getComputedStyle(n);
              if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
                const c = n.getBoundingClientRect();
                if (s.overflowX !== 'visible') { box.left = Math.max(box.left, c.left); box.right = Math.min(box.right, c.right); }
                if (s.overflowY !== 'visible') { box.top = Math.max(box.top, c.top); box.bottom = Math.min(box.bottom, c.bottom); }
              }
            }
            return box;
          };
          const all = [...document.querySelectorAll(selector)].filter(shown);
          // A target nested in another (an input inside a clickable field) is one target: keep the outermost.
          const targets = all.filter(e => !all.some(o => o !== e && o.contains(e)));
          const items = targets.map(e => ({ e, field: e.closest(fieldSelector), r: e.getBoundingClientRect(), v: visibleBox(e) }))
            .filter(i => i.r.width > 0 && i.r.height > 0 && i.v.right - i.v.left > tolerance && i.v.bottom - i.v.top > tolerance);
          const problems = [];
          const scrollWidth = document.documentElement.scrollWidth;
          if (scrollWidth > vw + tolerance) problems.push(`the page scrolls sideways: ${scrollWidth}px wide in a ${vw}px viewport`);
          for (const i of items) {
            if (i.v.left < -tolerance || i.v.right > vw + tolerance)
              problems.push(`${describe(i.e)} leaves the viewport: x ${Math.round(i.v.left)}..${Math.round(i.v.right)} of 0..${vw}`);
          }
          for (let a = 0; a < items.length; a++) {
            for (let b = a + 1; b < items.length; b++) {
              if (items[a].field && items[a].field === items[b].field) continue;
              const p = items[a].v, q = items[b].v;
              const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
              const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
              if (w > tolerance && h > tolerance)
                problems.push(`${describe(items[a].e)} overlaps ${describe(items[b].e)} by ${Math.round(w)}×${Math.round(h)}px`);
            }
          }
          return { count: items.length, problems };
        }
        """;

    /// <summary>
    /// Fails with every overlap and every element outside the viewport; returns how many interactive elements were checked
    /// (so a caller can tell an empty page from a clean one).
    /// </summary>
    public static async Task<int> AssertNoOverlapAsync(IPage page, double tolerance = 1)
    {
        var result = await page.EvaluateAsync<JsonElement>(Script, new { selector = InteractiveSelector, fieldSelector = FieldSelector, tolerance });
        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        var count = result.GetProperty("count").GetInt32();
        if (problems.Count > 0)
        {
            var size = page.ViewportSize is { } v ? $"{v.Width}×{v.Height}" : "?";
            throw new Xunit.Sdk.XunitException(
                $"{page.Url} at {size}: {problems.Count} layout problem(s) among {count} interactive elements:\n  " + string.Join("\n  ", problems));
        }
        return count;
    }
}
