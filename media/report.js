// The Go Env Doctor report view (webview script). Plain JS, no framework. Everything it shows
// arrives in messages from the extension ('labels' with the translated static texts, 'model' with
// the view model of extension/src/reportModel.ts); the DOM is built with textContent only — the
// values come from user settings and must never be parsed as HTML.
// @ts-check
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  /** @type {Record<string, string>} */
  let labels = {};
  /** @type {any} */
  let model;
  /** The folder the user picked (multi-root), kept while the view is hidden. */
  let picked = (vscode.getState() || {}).picked;

  /**
   * @param {string} tag
   * @param {string} [className]
   * @param {string} [text]
   */
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** @param {string} key */
  function label(key) {
    return typeof labels[key] === 'string' ? labels[key] : '';
  }

  const ACTIONS = ['recheck', 'probe', 'restartGopls', 'copyMarkdown', 'showLogs'];

  function toolbar() {
    const bar = el('div', 'toolbar');
    for (const action of ACTIONS) {
      const b = el('button', action === 'recheck' ? 'primary' : 'secondary', label(action));
      b.type = 'button';
      b.dataset.action = action;
      b.addEventListener('click', () => vscode.postMessage({ type: 'action', action }));
      bar.appendChild(b);
    }
    return bar;
  }

  /** @param {any} p */
  function processBlock(p) {
    const box = el('div', p.stale ? 'process stale' : 'process');
    box.appendChild(el('span', 'marker', p.label));
    box.appendChild(el('span', 'differs', p.differsText));
    if (p.source) box.appendChild(el('span', 'source', p.source));
    return box;
  }

  /**
   * One value of the matrix; its origin (layer and file or setting) on hover.
   * @param {any} c
   */
  function cellNode(c) {
    const classes = [c.empty ? 'empty' : '', c.differs ? 'differs' : ''].filter(Boolean).join(' ');
    const td = el('td', classes || undefined, c.text);
    if (c.origin) td.title = c.origin;
    return td;
  }

  /**
   * The row of a running process, under its context's row: its own values.
   * @param {any} p
   * @param {number} columns
   */
  function processRow(p, columns) {
    const tr = el('tr', p.stale ? 'observed stale' : 'observed');
    const th = el('th', 'context');
    th.scope = 'row';
    th.appendChild(processBlock(p));
    tr.appendChild(th);
    if (p.cells.length === 0) {
      const td = el('td', 'empty');
      td.colSpan = columns;
      tr.appendChild(td);
    } else {
      for (const c of p.cells) tr.appendChild(cellNode(c));
    }
    return tr;
  }

  /** @param {any[]} vars */
  function matrixTable(vars) {
    const table = el('table', 'matrix');
    const head = el('tr');
    head.appendChild(el('th', undefined, label('context')));
    for (const v of vars) {
      const th = el('th', v.disagree ? 'disagree' : undefined, v.name);
      th.scope = 'col';
      head.appendChild(th);
    }
    table.appendChild(el('thead')).appendChild(head);
    return table;
  }

  const TARGET_COLUMNS = ['role', 'url', 'via', 'result', 'detail', 'time', 'check', 'note'];

  /**
   * One probed route: its contexts, whether the proxy and the checksum database work, its targets.
   * @param {any} r
   */
  function routeBlock(r) {
    const box = el('div', 'route');
    box.appendChild(el('p', 'contexts', r.contextsText));
    const verdicts = el('p', 'verdicts');
    verdicts.appendChild(el('span', `verdict ${r.proxy === 'fails' ? 'fails' : r.proxy === 'works' ? 'works' : 'muted'}`, r.proxyText));
    verdicts.appendChild(el('span', `verdict ${r.sumdb === 'unreachable' ? 'fails' : r.sumdb === 'works' ? 'works' : 'muted'}`, r.sumdbText));
    box.appendChild(verdicts);
    if (r.targets.length === 0) return box;
    const wrap = el('div', 'table-wrap');
    const table = el('table', 'matrix targets');
    const head = el('tr');
    for (const key of TARGET_COLUMNS) {
      const th = el('th', undefined, label(key));
      th.scope = 'col';
      head.appendChild(th);
    }
    table.appendChild(el('thead')).appendChild(head);
    const body = el('tbody');
    for (const x of r.targets) {
      const tr = el('tr', `target ${x.look}`);
      for (const key of TARGET_COLUMNS) {
        tr.appendChild(el('td', key, x[key]));
      }
      body.appendChild(tr);
    }
    table.appendChild(body);
    wrap.appendChild(table);
    box.appendChild(wrap);
    return box;
  }

  /**
   * The last network probe of the folder, or how to run one.
   * @param {any} n
   */
  function networkSection(n) {
    const section = el('div', 'network');
    section.appendChild(el('h3', undefined, label('network')));
    if (!n) {
      section.appendChild(el('p', 'muted', label('noProbe')));
      return section;
    }
    section.appendChild(el('p', 'muted', n.atText));
    for (const r of n.routes) section.appendChild(routeBlock(r));
    return section;
  }

  /** @param {any} f */
  function folderSection(f) {
    const section = el('section', 'folder');
    section.dataset.uri = f.uri;
    section.appendChild(el('h2', undefined, f.name));
    section.appendChild(el('p', 'goproxy', f.goproxyText));
    if (f.disagreeText) section.appendChild(el('p', 'warning', f.disagreeText));
    if (f.vars.length === 0 || f.rows.length === 0) {
      section.appendChild(el('p', 'muted', label('noMatrix')));
    } else {
      const wrap = el('div', 'table-wrap');
      const table = matrixTable(f.vars);
      const body = el('tbody');
      for (const r of f.rows) {
        const tr = el('tr', r.stale ? 'intended stale' : 'intended');
        const th = el('th', 'context');
        th.scope = 'row';
        th.appendChild(el('span', 'name', r.context));
        tr.appendChild(th);
        for (const c of r.cells) tr.appendChild(cellNode(c));
        body.appendChild(tr);
        for (const p of r.processes) body.appendChild(processRow(p, f.vars.length));
      }
      table.appendChild(body);
      wrap.appendChild(table);
      section.appendChild(wrap);
    }
    if (f.otherProcesses.length > 0) {
      section.appendChild(el('h3', undefined, label('otherProcesses')));
      const wrap = el('div', 'table-wrap');
      const table = matrixTable(f.vars);
      const body = el('tbody');
      for (const p of f.otherProcesses) {
        const tr = el('tr', 'intended');
        const th = el('th', 'context');
        th.scope = 'row';
        th.appendChild(el('span', 'name', p.context));
        tr.appendChild(th);
        const td = el('td', 'empty');
        td.colSpan = f.vars.length;
        tr.appendChild(td);
        body.appendChild(tr);
        body.appendChild(processRow(p, f.vars.length));
      }
      table.appendChild(body);
      wrap.appendChild(table);
      section.appendChild(wrap);
    }
    section.appendChild(networkSection(f.network));
    return section;
  }

  function render() {
    if (!root) return;
    const children = [];
    const header = el('header');
    header.appendChild(el('h1', undefined, label('title')));
    header.appendChild(toolbar());
    children.push(header);
    if (!model || !model.hasStatus) {
      children.push(el('p', 'muted', label('noStatus')));
      root.replaceChildren(...children);
      return;
    }
    const summary = el('div', `summary health-${model.health}`);
    if (model.message) summary.appendChild(el('p', undefined, model.message));
    summary.appendChild(el('p', 'counts', model.countsText));
    if (model.systemText) summary.appendChild(el('p', 'system', model.systemText));
    children.push(summary);
    const folders = model.folders;
    const uris = folders.map((/** @type {any} */ f) => f.uri);
    const current = uris.includes(picked) ? picked : model.selected;
    if (folders.length > 1) {
      const pickerRow = el('div', 'picker');
      const id = 'folder-picker';
      const lbl = el('label', undefined, label('folder'));
      lbl.htmlFor = id;
      const select = el('select');
      select.id = id;
      for (const f of folders) {
        const o = el('option', undefined, f.name);
        o.value = f.uri;
        o.selected = f.uri === current;
        select.appendChild(o);
      }
      select.addEventListener('change', () => {
        picked = select.value;
        vscode.setState({ picked });
        render();
      });
      pickerRow.appendChild(lbl);
      pickerRow.appendChild(select);
      children.push(pickerRow);
    }
    const folder = folders.find((/** @type {any} */ f) => f.uri === current);
    if (folder) children.push(folderSection(folder));
    root.replaceChildren(...children);
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'labels' && m.labels && typeof m.labels === 'object') {
      labels = m.labels;
      document.title = label('title');
      render();
    } else if (m.type === 'model' && m.model && typeof m.model === 'object') {
      model = m.model;
      render();
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
