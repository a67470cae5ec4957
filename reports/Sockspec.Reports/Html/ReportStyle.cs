namespace Sockspec.Reports.Html;

/// <summary>The stylesheet, inlined in every page so that each page stands alone: no fonts, images or files from anywhere.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa; }
        * { box-sizing: border-box; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 1.5rem; max-width: 80rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .5rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
        h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
        a { color: #0550ae; } .muted { color: var(--muted); }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: var(--bg-alt); font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
        h1.mono { font-size: 1.4rem; } h1 .mono, h2 .mono, th .mono { font-size: inherit; }
        pre { background: var(--bg-alt); border: 1px solid var(--line); padding: .5rem .75rem; white-space: pre-wrap; word-break: break-all; margin: .25rem 0 .75rem; }
        .badge { display: inline-block; padding: 0 .5rem; border-radius: .75rem; font-size: 13px; font-weight: 600; }
        .v-pass { background: #c8e6c9; color: #1b5e20; } .v-fail { background: #ffcdd2; color: #b71c1c; }
        .v-non-strict { background: #ffe0b2; color: #8a4b00; } .v-unsupported { background: #e1d5f0; color: #4a2a7a; }
        .v-informational { background: #bbdefb; color: #0d47a1; } .v-error { background: #424242; color: #fff; }
        .v-skipped { background: #eceff1; color: #455a64; } .v-blocked { background: #6a1b1b; color: #fff; }
        div.finding { border: 2px solid #b71c1c; background: #ffebee; padding: .5rem .75rem; margin: .75rem 0; } a.finding-badge { color: #fff; background: #b71c1c; padding: 0 .3rem; font-weight: normal; } .v-none { background: #fff; color: var(--muted); }
        table.matrix td.cell { text-align: center; min-width: 6.5rem; padding: 0; }
        table.matrix td.cell a { display: block; padding: .25rem .5rem; color: inherit; text-decoration: none; }
        table.matrix td.cell a:hover { text-decoration: underline; }
        table.matrix th.target { writing-mode: horizontal-tb; max-width: 12rem; word-break: break-all; }
        .counts span.badge { margin-right: .35rem; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 1rem; }
        dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
        ul.reqs { margin: .25rem 0; padding-left: 1.25rem; }
        table.trace td.dir { text-align: center; font-weight: 700; } table.trace td.t { white-space: nowrap; }
        .to { color: #0550ae; } .from { color: #8250df; } .local { color: var(--muted); }
        .ev-fin, .ev-reset, .ev-timeout { font-weight: 700; } .ev-reset, .ev-timeout { color: #b71c1c; }
        table.hex { border: none; margin: .25rem 0; } table.hex td { border: none; padding: 0 .5rem 0 0; white-space: pre; }
        table.hex td.off { color: var(--muted); }
        .f0 { background: #fff3bf; } .f1 { background: #d3f9d8; } .f2 { background: #d0ebff; } .f3 { background: #ffe3e3; }
        table.fields { font-size: 13px; } table.fields td, table.fields th { padding: .1rem .4rem; }
        .viol { color: #b71c1c; font-weight: 600; }
        section.target { border-top: 3px solid var(--line); margin-top: 2rem; }
        """;
}
