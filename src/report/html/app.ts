/**
 * The HTML report's script, run in the reader's browser. It is a plain function whose source (`htmlApp.toString()`)
 * is inlined into the page, so it must be self-contained: no imports, no closure over module values, nothing but the
 * DOM. It reads the report data from `<script id="trailwise-data" type="application/json">` and renders the accounts
 * table, the heatmap, the failing rules and the missing evidence, with filters, search, sorting and paging.
 *
 * Every value from the report reaches the page through `textContent` or `setAttribute`, never as markup, so account
 * and resource names (set by people outside the security team) cannot inject anything.
 */
export function htmlApp(): void {
  type Scores = {overall: number | null; sec04: number | null; cost: number | null; coverage: number | null};
  type Rule = {id: string; title: string; severity: string; pillar: string; advisory: boolean; remediation: {summary: string; console?: string; cli?: string; terraform?: string}};
  type Account = {id: string; name: string; ou: string; score: Scores; failing: number};
  // [rule index, account index, status code, region, resource, message]
  type FindingRow = [number, number, string, string, string, string];
  type Data = {rules: Rule[]; accounts: Account[]; cells: string[]; findings: FindingRow[]; pageSize: number};

  const data = JSON.parse(document.getElementById('trailwise-data')!.textContent!) as Data;
  const STATUS: Record<string, string> = {F: 'fail', E: 'error', U: 'unknown', S: 'suppressed', P: 'pass', N: 'not applicable', '.': 'no finding'};
  const SEVERITY_ORDER: Record<string, number> = {critical: 0, high: 1, medium: 2, low: 3};
  const state = {search: '', severity: '', pillar: '', ou: '', account: '', page: 0, sortKey: 'overall', sortAsc: true};

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const fmt = (n: number | null) => (n === null ? '–' : n.toFixed(1));
  const byId = (id: string) => document.getElementById(id)!;

  const ruleVisible = (r: Rule) => (!state.severity || r.severity === state.severity) && (!state.pillar || r.pillar === state.pillar);
  const accountVisible = (a: Account) => {
    if (state.ou && a.ou !== state.ou) return false;
    if (state.account && a.id !== state.account) return false;
    if (!state.search) return true;
    const q = state.search.toLowerCase();
    return a.id.includes(q) || a.name.toLowerCase().includes(q) || a.ou.toLowerCase().includes(q);
  };

  function sortedAccounts(): number[] {
    const idx = data.accounts.map((_, i) => i).filter((i) => accountVisible(data.accounts[i]!));
    const key = state.sortKey;
    const value = (i: number): number | string => {
      const a = data.accounts[i]!;
      if (key === 'account') return a.name || a.id;
      if (key === 'ou') return a.ou;
      if (key === 'failing') return a.failing;
      const s = a.score[key as keyof Scores];
      return s === null ? -1 : s;
    };
    idx.sort((x, y) => {
      const vx = value(x);
      const vy = value(y);
      const c = vx < vy ? -1 : vx > vy ? 1 : 0;
      return state.sortAsc ? c : -c;
    });
    return idx;
  }

  function pager(total: number, into: HTMLElement): void {
    into.replaceChildren();
    const pages = Math.max(1, Math.ceil(total / data.pageSize));
    if (state.page >= pages) state.page = pages - 1;
    if (pages === 1) return;
    const prev = el('button', {type: 'button'}, '‹ Previous');
    prev.disabled = state.page === 0;
    prev.addEventListener('click', () => {
      state.page--;
      render();
    });
    const next = el('button', {type: 'button'}, 'Next ›');
    next.disabled = state.page >= pages - 1;
    next.addEventListener('click', () => {
      state.page++;
      render();
    });
    into.append(prev, el('span', {'aria-live': 'polite'}, ` page ${state.page + 1} of ${pages} (${total} accounts) `), next);
  }

  function renderAccounts(rows: number[]): void {
    const body = byId('accounts-body');
    body.replaceChildren();
    const start = state.page * data.pageSize;
    for (const i of rows.slice(start, start + data.pageSize)) {
      const a = data.accounts[i]!;
      const tr = el('tr', {'data-account': a.id});
      tr.append(el('th', {scope: 'row'}, a.name ? `${a.name} (${a.id})` : a.id), el('td', {}, a.ou || '–'));
      for (const k of ['overall', 'sec04', 'cost', 'coverage'] as const) tr.append(el('td', {class: 'num'}, fmt(a.score[k])));
      tr.append(el('td', {class: 'num'}, String(a.failing)));
      body.append(tr);
    }
    pager(rows.length, byId('accounts-pager'));
  }

  function renderHeatmap(rows: number[]): void {
    const rules = data.rules.map((r, i) => ({r, i})).filter(({r}) => ruleVisible(r));
    const head = byId('heatmap-head');
    head.replaceChildren();
    const hr = el('tr');
    hr.append(el('th', {scope: 'col'}, 'Account'));
    for (const {r} of rules) {
      const th = el('th', {scope: 'col', class: 'rule-col', title: `${r.id}: ${r.title}`});
      th.append(el('span', {}, r.id));
      hr.append(th);
    }
    head.append(hr);
    const body = byId('heatmap-body');
    body.replaceChildren();
    const start = state.page * data.pageSize;
    for (const i of rows.slice(start, start + data.pageSize)) {
      const a = data.accounts[i]!;
      const tr = el('tr');
      tr.append(el('th', {scope: 'row'}, a.name || a.id));
      const codes = data.cells[i]!;
      for (const {r, i: ri} of rules) {
        const code = codes[ri] ?? '.';
        // The status is in the cell as text (a letter) and in its label, not only in its colour.
        const td = el('td', {class: `cell s-${code === '.' ? 'none' : code}`, tabindex: '-1', 'data-status': STATUS[code]!, 'aria-label': `${a.name || a.id}, ${r.id}: ${STATUS[code]}`, title: `${r.id}: ${STATUS[code]}`}, code === '.' ? '' : code);
        tr.append(td);
      }
      body.append(tr);
    }
    // One cell is in the tab order (a roving tabindex); the arrow keys move it.
    body.querySelector('.cell')?.setAttribute('tabindex', '0');
    pager(rows.length, byId('heatmap-pager'));
  }

  function renderFindings(visibleAccounts: Set<number>): void {
    const failing = byId('failing-rules');
    const missing = byId('missing-body');
    failing.replaceChildren();
    missing.replaceChildren();
    const q = state.search.toLowerCase();
    const byRule = new Map<number, FindingRow[]>();
    let missingCount = 0;
    for (const f of data.findings) {
      const rule = data.rules[f[0]]!;
      if (!visibleAccounts.has(f[1]) || !ruleVisible(rule)) continue;
      if (q && !(f[4].toLowerCase().includes(q) || rule.id.includes(q) || f[5].toLowerCase().includes(q) || data.accounts[f[1]]!.id.includes(q) || data.accounts[f[1]]!.name.toLowerCase().includes(q))) continue;
      if (f[2] === 'F') {
        const list = byRule.get(f[0]) ?? [];
        list.push(f);
        byRule.set(f[0], list);
      } else if ((f[2] === 'E' || f[2] === 'U') && missingCount < 1000) {
        missingCount++;
        const tr = el('tr');
        tr.append(el('td', {}, STATUS[f[2]]!), el('td', {}, rule.id), el('td', {}, data.accounts[f[1]]!.id), el('td', {}, f[3]), el('td', {class: 'resource'}, f[4]), el('td', {}, f[5]));
        missing.append(tr);
      }
    }
    const ordered = [...byRule.entries()].sort((a, b) => (SEVERITY_ORDER[data.rules[a[0]]!.severity]! - SEVERITY_ORDER[data.rules[b[0]]!.severity]!) || b[1].length - a[1].length);
    for (const [ri, list] of ordered) {
      const rule = data.rules[ri]!;
      const details = el('details', {class: `sev-${rule.severity}`});
      const summary = el('summary');
      summary.append(el('span', {class: `badge sev-${rule.severity}`}, rule.severity.toUpperCase()), el('strong', {}, ` ${rule.id} `), el('span', {}, `${rule.title} — ${list.length} failing`));
      details.append(summary);
      details.append(el('p', {}, rule.remediation.summary));
      if (rule.remediation.cli) details.append(el('pre', {}, rule.remediation.cli));
      if (rule.remediation.console) details.append(el('p', {class: 'console'}, `Console: ${rule.remediation.console}`));
      const ul = el('ul', {class: 'resources'});
      for (const f of list.slice(0, 200)) ul.append(el('li', {}, `${data.accounts[f[1]]!.id} ${f[3]} ${f[4]} — ${f[5]}`));
      if (list.length > 200) ul.append(el('li', {}, `… and ${list.length - 200} more (the JSON or CSV report has them all)`));
      details.append(ul);
      failing.append(details);
    }
    if (!ordered.length) failing.append(el('p', {}, 'No failing rule matches the filters.'));
    byId('missing-note').textContent = missingCount >= 1000 ? 'The first 1,000 are shown; the JSON or CSV report has them all.' : '';
  }

  function render(): void {
    const rows = sortedAccounts();
    renderAccounts(rows);
    renderHeatmap(rows);
    renderFindings(new Set(rows));
    byId('match-count').textContent = `${rows.length} of ${data.accounts.length} accounts`;
  }

  const bind = (id: string, key: 'search' | 'severity' | 'pillar' | 'ou' | 'account') => {
    const input = byId(id) as HTMLInputElement | HTMLSelectElement;
    input.addEventListener('input', () => {
      state[key] = input.value;
      state.page = 0;
      render();
    });
  };
  bind('filter-search', 'search');
  bind('filter-severity', 'severity');
  bind('filter-pillar', 'pillar');
  bind('filter-ou', 'ou');
  bind('filter-account', 'account');

  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-sort]'))) {
    button.addEventListener('click', () => {
      const key = button.dataset.sort!;
      state.sortAsc = state.sortKey === key ? !state.sortAsc : true;
      state.sortKey = key;
      for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-sort]'))) b.closest('th')!.setAttribute('aria-sort', 'none');
      button.closest('th')!.setAttribute('aria-sort', state.sortAsc ? 'ascending' : 'descending');
      render();
    });
  }

  // Arrow keys move between heatmap cells (a roving tabindex: one cell in the tab order at a time).
  byId('heatmap-body').addEventListener('keydown', (event: KeyboardEvent) => {
    const cell = event.target as HTMLElement;
    if (!cell.classList.contains('cell')) return;
    const row = cell.parentElement as HTMLTableRowElement;
    const col = Array.prototype.indexOf.call(row.children, cell);
    const move: Record<string, [number, number]> = {ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0]};
    const delta = move[event.key];
    if (!delta) return;
    event.preventDefault();
    const rows = Array.from(row.parentElement!.children) as HTMLTableRowElement[];
    const target = rows[rows.indexOf(row) + delta[0]]?.children[col + delta[1]] as HTMLElement | undefined;
    if (target?.classList.contains('cell')) {
      cell.setAttribute('tabindex', '-1');
      target.setAttribute('tabindex', '0');
      target.focus();
    }
  });

  render();
  document.body.dataset.rendered = 'true';
}
