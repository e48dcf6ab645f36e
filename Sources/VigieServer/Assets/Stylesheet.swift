// Vigie's stylesheet. Value states take Qlik's colours, which users of
// associative tools already read: selected green, possible white,
// alternative light grey, excluded dark grey.

enum Stylesheet {
    static let text = #"""
:root { --selected: #009845; --selected-text: #fff; --possible: #fff; --alternative: #ddd; --excluded: #a9a9a9; --line: #d0d4d9; --ink: #1d2630; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #f4f6f8; }
a { color: var(--accent); }
header.top { display: flex; align-items: center; gap: 1rem; padding: .5rem 1rem; background: #1d2630; color: #fff; }
header.top a { color: #fff; text-decoration: none; }
header.top .brand { font-weight: 700; letter-spacing: .05em; }
header.top .spacer { flex: 1; }
header.top form { margin: 0; }
button { font: inherit; cursor: pointer; border: 1px solid var(--line); background: #fff; border-radius: 3px; padding: .2rem .6rem; }
main.login, main.message { max-width: 22rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 6px; }
main.login label { display: block; margin: .8rem 0; }
main.login input { display: block; width: 100%; padding: .4rem; margin-top: .2rem; }
.error { color: #b00020; }
main.portal { max-width: 60rem; margin: 2rem auto; }
ul.apps { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
li.app { background: #fff; border-radius: 6px; padding: 1rem; }
li.app h2 { margin: 0 0 .5rem; font-size: 1.1rem; }
.app-errors code { white-space: pre-wrap; color: #b00020; }
nav.sheets { display: flex; gap: .2rem; padding: .4rem 1rem 0; background: #e6e9ed; }
nav.sheets a { padding: .3rem .8rem; text-decoration: none; border-radius: 4px 4px 0 0; }
nav.sheets a[aria-current] { background: #fff; font-weight: 600; }
.selection-bar { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; padding: .4rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
.selection-bar .chip { background: var(--selected); color: var(--selected-text); padding: .1rem .5rem; border-radius: 3px; }
.selection-bar .chip.locked { background: #006b30; }
.selection-bar .chip a { color: inherit; text-decoration: none; }
.selection-bar .none { color: #777; }
main.grid { display: grid; grid-template-columns: repeat(12, 1fr); gap: .8rem; padding: .8rem 1rem; align-items: start; }
.object { background: #fff; border-radius: 6px; padding: .6rem; min-width: 0; overflow: auto; }
.w-1 { grid-column: span 1; } .w-2 { grid-column: span 2; } .w-3 { grid-column: span 3; } .w-4 { grid-column: span 4; }
.w-5 { grid-column: span 5; } .w-6 { grid-column: span 6; } .w-7 { grid-column: span 7; } .w-8 { grid-column: span 8; }
.w-9 { grid-column: span 9; } .w-10 { grid-column: span 10; } .w-11 { grid-column: span 11; } .w-12 { grid-column: span 12; }
.object > header { display: flex; align-items: center; gap: .3rem; }
.object > header h2 { flex: 1; margin: 0; font-size: 1rem; }
.object form.export { margin: 0; }
.object form.export button { font-size: .75rem; padding: .1rem .4rem; }
.chart svg { width: 100%; height: auto; }
.chart [data-value] { cursor: pointer; }
.breadcrumb { font-size: .85rem; margin: .3rem 0; }
.listbox { margin-bottom: .6rem; }
/* A filter pane as wide as the sheet lays its list boxes side by side. */
.kind-filter.w-12 { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0 .8rem; }
.kind-filter.w-12 > header { grid-column: 1 / -1; }
.kind-filter.w-12 .listbox ul { max-height: 9.5rem; }
.listbox h3 { font-size: .9rem; margin: .2rem 0; }
.listbox h3 a { text-decoration: none; }
.listbox input[type=search] { width: 100%; padding: .2rem; margin-bottom: .2rem; }
.listbox ul { list-style: none; margin: 0; padding: 0; max-height: 16rem; overflow-y: auto; border: 1px solid var(--line); }
.listbox li a, .listbox li.value { display: flex; justify-content: space-between; padding: .15rem .4rem; text-decoration: none; color: var(--ink); border-bottom: 1px solid #eee; }
.listbox li.more { padding: .2rem .4rem; font-size: .8rem; font-style: italic; color: #5c6670; background: #f7f8f9; }
.state-selected { background: var(--selected); color: var(--selected-text) !important; }
.state-selected-excluded { background: #8fbf9f; color: #fff !important; }
.state-possible { background: var(--possible); }
.state-alternative { background: var(--alternative); }
.state-excluded { background: var(--excluded); color: #333 !important; }
.frequency { opacity: .7; font-size: .8em; }
table.grid-table { border-collapse: collapse; width: 100%; }
table.grid-table th, table.grid-table td { padding: .25rem .5rem; border-bottom: 1px solid #eee; text-align: left; }
table.grid-table .number { text-align: right; font-variant-numeric: tabular-nums; }
table.grid-table thead th { cursor: pointer; border-bottom: 2px solid var(--line); }
table.grid-table thead th[aria-sort=ascending]::after { content: " ▲"; }
table.grid-table thead th[aria-sort=descending]::after { content: " ▼"; }
table.grid-table td[data-state=selected] { background: var(--selected); }
table.grid-table td[data-state=selected] a { color: var(--selected-text); }
table.grid-table tr.subtotal { background: #f0f3f6; font-weight: 600; }
table.grid-table tfoot tr { font-weight: 700; border-top: 2px solid var(--line); }
@media (max-width: 900px) { main.grid > .object { grid-column: span 12; } }
"""#
}
