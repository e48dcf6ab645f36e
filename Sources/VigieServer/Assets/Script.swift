// Vigie's page script, a small ES module (no framework, no build step).
// The pages work without it: it adds ctrl/cmd-click to toggle a value,
// clicks on chart marks, back and forward buttons, and sorting of tables.

enum Script {
    static let text = #"""
// Selections live in the URL: every action goes to the sheet's /select address with the current selection.
const grid = document.querySelector("main.grid");

function selectURL(field, value, toggle) {
  const base = grid.dataset.select;
  const params = new URLSearchParams({ field, value });
  if (toggle) params.set("op", "toggle");
  return base + "&" + params.toString();
}

document.addEventListener("click", (event) => {
  const action = event.target.closest("[data-action]");
  if (action && action.dataset.action === "back") { history.back(); return; }
  if (action && action.dataset.action === "forward") { history.forward(); return; }
  const toggle = event.ctrlKey || event.metaKey;
  // A list box value or a table cell: its link selects; with ctrl/cmd it toggles.
  const link = event.target.closest("a.value, td[data-value] a");
  if (link && toggle) {
    event.preventDefault();
    location.assign(link.getAttribute("href") + "&op=toggle");
    return;
  }
  // A chart mark: bars, slices, points and legend entries carry their field and value.
  const mark = event.target.closest(".chart [data-field][data-value]");
  if (mark && grid) {
    event.preventDefault();
    location.assign(selectURL(mark.dataset.field, mark.dataset.value, toggle));
  }
});

// Sortable tables: a header click sorts the body's rows by that column (numbers by their value), again reverses.
for (const header of document.querySelectorAll("table.grid-table:not(.pivot) th[data-sort-index]")) {
  header.addEventListener("click", () => {
    const table = header.closest("table");
    const index = Number(header.dataset.sortIndex);
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    for (const other of table.querySelectorAll("th[aria-sort]")) other.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = [...body.rows].filter((row) => !row.classList.contains("others"));
    const others = [...body.rows].filter((row) => row.classList.contains("others"));
    const key = (row) => {
      const cell = row.cells[index];
      if (!cell) return "";
      return cell.dataset.sort !== undefined && cell.dataset.sort !== "" ? Number(cell.dataset.sort) : cell.textContent.trim();
    };
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), document.documentElement.lang, { numeric: true });
      return ascending ? order : -order;
    });
    body.append(...rows, ...others);
  });
}
"""#
}
