// The dashboard page. Plain JavaScript, no build step. Every value from the server is put in the
// page with textContent (never innerHTML), so a hostile store name stays text.
(function () {
  'use strict';

  const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  // The same columns, in the same order, as /api/view.csv: the table is what the CSV holds.
  const COLUMNS = ['store', 'sensor_id', 'date', 'hour', 'weekday', 'visits', 'readings', 'failed',
    'baseline', 'pct_diff', 'complete'];
  const TEXT_COLUMNS = new Set(['store', 'date']);
  const DEFAULT_WEEKDAYS = '0,1,2,3,4,5'; // Monday to Saturday, as the original

  const $ = (id) => document.getElementById(id);
  const el = {
    store: $('store'), sensor: $('sensor'), resolution: $('resolution'), from: $('from'), to: $('to'),
    hourFrom: $('hour-from'), hourTo: $('hour-to'), hoursBox: $('hours-box'), failures: $('failures'),
    status: $('status'), download: $('download'), chart: $('chart'), threshold: $('threshold'),
    prev: $('prev'), next: $('next'), pageInfo: $('page-info'), pageSize: $('page-size'),
    rows: $('rows'), healthChart: $('health-chart'), portfolio: $('portfolio'),
    overviewPeriod: $('overview-period'),
  };
  const TABS = ['overview', 'chart', 'table', 'health', 'profile', 'alerts'];

  /** The tab a page opens on: a store's chart when the address names one, else the portfolio. */
  function defaultTab() {
    return el.store.value ? 'chart' : 'overview';
  }

  let stores = [];        // from /api/stores
  let rows = [];          // the current view's rows, in server order
  let sorted = [];        // rows in the table's order
  let sort = null;        // {column, direction}
  let page = 0;
  let tab = 'overview';
  let portfolio = null;   // from /api/portfolio
  let portfolioSort = null; // {column, direction}
  let chart = null;
  let healthChart = null;
  let heatmap = null;
  let earlier = [];       // the year-earlier rows of the overlay, when it is on
  let alerts = { open: 0, incidents: [] }; // from /api/alerts
  let earlierRequest = null;
  let request = null;     // the AbortController of the request in flight

  // ---- state <-> URL ---------------------------------------------------------------------------

  function weekdaysValue() {
    return Array.from(document.querySelectorAll('#weekdays input:checked')).map((b) => b.value).join(',');
  }

  function state() {
    return {
      store: el.store.value,
      sensor: el.sensor.value,
      res: el.resolution.value,
      from: el.from.value,
      to: el.to.value,
      hours: el.hourFrom.value + '-' + el.hourTo.value,
      weekdays: weekdaysValue(),
      failures: el.failures.value,
      tab: tab,
      chart: document.querySelector('input[name=chart-mode]:checked').value,
      yearEarlier: $('year-earlier').checked,
      threshold: el.threshold.value,
    };
  }

  const PERIODS = { weekly: 'week', monthly: 'month' }; // resolutions summed from daily rows

  /** The API's view and period for the pickers: weekly and monthly are daily rows summed. */
  function viewOf(s) {
    return (s.sensor !== '' ? 'sensor_' : 'store_') + (s.res === 'hourly' ? 'hourly' : 'daily');
  }

  function minusOneDay(iso) {
    const d = new Date(iso + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }

  // The address uses the API's names and meanings (view=, to= excluded), so a link and the query
  // behind it read the same; only tab, chart and threshold are the page's own.
  function writeUrl() {
    const s = state();
    const q = new URLSearchParams();
    if (s.store) q.set('store', s.store);
    if (s.sensor !== '') q.set('sensor', s.sensor);
    q.set('view', viewOf(s));
    if (PERIODS[s.res]) q.set('period', PERIODS[s.res]);
    if (s.from) q.set('from', s.from);
    if (s.to) q.set('to', plusOneDay(s.to));
    if (s.res === 'hourly' && s.hours !== '0-23') q.set('hours', s.hours);
    if (s.weekdays !== DEFAULT_WEEKDAYS) q.set('weekdays', s.weekdays);
    if (s.failures !== 'exclude') q.set('failures', s.failures);
    if (s.tab !== defaultTab()) q.set('tab', s.tab);
    if (s.chart !== 'visits') q.set('chart', s.chart);
    if (s.yearEarlier) q.set('overlay', 'year');
    if (s.threshold !== '5') q.set('threshold', s.threshold);
    history.replaceState(null, '', '?' + q.toString());
  }

  function readUrl() {
    const q = new URLSearchParams(location.search);
    const store = q.get('store');
    if (store !== null && stores.some((s) => s.store === store)) {
      el.store.value = store;
      fillSensors();
      const sensor = q.get('sensor');
      if (sensor !== null && Array.from(el.sensor.options).some((o) => o.value === sensor)) {
        el.sensor.value = sensor;
      }
      // Links of earlier versions said res= and named the last day included.
      const to = q.get('to') && q.has('view') ? minusOneDay(q.get('to')) : q.get('to');
      fillDates(q.get('from'), to);
    }
    const view = /^(sensor|store)_(hourly|daily)$/.exec(q.get('view') || '');
    let res = view ? view[2] : q.get('res');
    const period = Object.keys(PERIODS).find((r) => PERIODS[r] === q.get('period'));
    if (res === 'daily' && period) res = period;
    if (['hourly', 'daily', 'weekly', 'monthly'].includes(res)) el.resolution.value = res;
    const hours = /^(\d{1,2})-(\d{1,2})$/.exec(q.get('hours') || '');
    if (hours) {
      el.hourFrom.value = hours[1];
      el.hourTo.value = hours[2];
    }
    const days = new Set((q.get('weekdays') ?? DEFAULT_WEEKDAYS).split(','));
    document.querySelectorAll('#weekdays input').forEach((b) => { b.checked = days.has(b.value); });
    if (q.get('failures') === 'legacy_zero') el.failures.value = 'legacy_zero';
    tab = TABS.includes(q.get('tab')) ? q.get('tab') : defaultTab();
    if (q.get('chart') === 'deviation') document.querySelector('input[value=deviation]').checked = true;
    $('year-earlier').checked = q.get('overlay') === 'year';
    if (q.get('threshold') !== null && !isNaN(parseFloat(q.get('threshold')))) el.threshold.value = q.get('threshold');
  }

  // ---- the API -----------------------------------------------------------------------------------

  function plusOneDay(iso) {
    const d = new Date(iso + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  /** The query string of the API for the current state; null when there is nothing to ask. */
  /** @param health true for the health tab's query, 'profile' for the profile's (a store's range) */
  function apiQuery(health) {
    const s = state();
    if (!s.store || !s.from || !s.to || !s.weekdays) return null;
    const q = new URLSearchParams();
    if (!health) q.set('view', viewOf(s));
    if (!health && PERIODS[s.res]) q.set('period', PERIODS[s.res]);
    q.set('store', s.store);
    // Health compares the sensors of the store, so it lists them all whichever one is picked.
    if (s.sensor !== '' && !health) q.set('sensor', s.sensor);
    q.set('from', s.from);
    q.set('to', plusOneDay(s.to)); // the page shows the last day included; the API excludes 'to'
    if ((s.res === 'hourly' || health) && s.hours !== '0-23') q.set('hours', s.hours);
    if (s.weekdays !== '0,1,2,3,4,5,6') q.set('weekdays', s.weekdays);
    if (s.failures !== 'exclude') q.set('failures', s.failures);
    if (health === true) q.set('threshold', s.threshold);
    return q.toString();
  }

  async function getJson(path) {
    if (request) request.abort();
    request = new AbortController();
    const response = await fetch(path, { signal: request.signal });
    let body;
    try {
      body = await response.json();
    } catch (e) {
      throw new Error('The server answered ' + response.status + ' without JSON');
    }
    if (!response.ok) throw new Error(body.message || ('The server answered ' + response.status));
    return body;
  }

  function setStatus(stateName, message) {
    document.body.dataset.state = stateName;
    el.status.textContent = message;
  }

  // ---- pickers -----------------------------------------------------------------------------------

  function currentStore() {
    return stores.find((s) => s.store === el.store.value);
  }

  function fillSensors() {
    const store = currentStore();
    el.sensor.replaceChildren(new Option('Store total', ''));
    el.sensor.disabled = !store;
    if (store) store.sensors.forEach((id) => el.sensor.add(new Option('Sensor ' + id, String(id))));
  }

  function fillDates(from, to) {
    const store = currentStore();
    if (!store || !store.first_hour) return;
    const first = store.first_hour.slice(0, 10);
    const last = store.last_hour.slice(0, 10);
    for (const input of [el.from, el.to]) {
      input.min = first;
      input.max = last;
    }
    el.from.value = from && from >= first && from <= last ? from : first;
    el.to.value = to && to >= el.from.value && to <= last ? to : last;
  }

  // ---- loading -----------------------------------------------------------------------------------

  async function refresh() {
    writeUrl();
    el.hoursBox.hidden = el.resolution.value !== 'hourly' && tab !== 'health' && tab !== 'profile';
    if (tab === 'overview') {
      await refreshOverview();
      return;
    }
    if (tab === 'alerts') {
      updateDownload(null, false);
      await showAlerts();
      setStatus(alerts.incidents.length ? 'ready' : 'empty', alerts.incidents.length
        ? alerts.open + ' open, ' + (alerts.incidents.length - alerts.open) + ' closed shown'
        : 'No incident: every rule is quiet.');
      return;
    }
    const health = tab === 'health';
    const profile = tab === 'profile';
    const query = apiQuery(health || (profile && 'profile'));
    updateDownload(profile ? null : query, health);
    if (!el.store.value) {
      rows = [];
      render();
      setStatus('idle', stores.length ? 'Choose a store.' : 'The warehouse holds no data yet.');
      return;
    }
    if (!query) {
      rows = [];
      render();
      setStatus('empty', weekdaysValue() ? 'Choose a date range.' : 'Tick at least one weekday.');
      return;
    }
    setStatus('loading', 'Loading…');
    try {
      if (profile) {
        const body = await getJson('api/profile?' + query);
        renderProfile(body);
        const barely = body.doors.filter((d) => d.barely_used).length;
        setStatus(body.heatmap.length ? 'ready' : 'empty', body.heatmap.length
          ? body.doors.length + ' doors, ' + barely + ' barely used'
          : 'No visits for these filters.');
      } else if (health) {
        const report = await getJson('api/health?' + query);
        renderHealth(report);
        const n = report.sensors.length;
        setStatus(n ? 'ready' : 'empty', n
          ? n + ' sensors, ' + report.sensors.filter((s) => s.flagged).length + ' flagged, '
            + report.outages.length + ' outages'
          : 'No readings for these filters.');
      } else {
        const body = await getJson('api/view?' + query);
        rows = body.rows;
        await loadEarlier();
        sort = null;
        page = 0;
        render();
        setStatus(rows.length ? 'ready' : 'empty', rows.length
          ? rows.length.toLocaleString('en') + ' rows (' + body.view + ')'
          : 'No rows for these filters.');
      }
    } catch (e) {
      if (e.name === 'AbortError') return; // a newer request replaced this one
      rows = [];
      render();
      setStatus('error', 'Error: ' + e.message);
    }
  }

  function updateDownload(query, health) {
    if (tab === 'overview') {
      el.download.href = 'api/portfolio.csv?threshold=' + encodeURIComponent(el.threshold.value);
      el.download.removeAttribute('aria-disabled');
    } else if (query) {
      el.download.href = (health ? 'api/health.csv?' : 'api/view.csv?') + query;
      el.download.removeAttribute('aria-disabled');
    } else {
      el.download.href = '#';
      el.download.setAttribute('aria-disabled', 'true');
    }
  }

  function render() {
    renderChart();
    renderTable();
  }

  // ---- chart -------------------------------------------------------------------------------------

  function time(row) {
    // Store-local wall-clock hours, drawn as UTC so no browser zone or DST shift moves them.
    return Date.parse(row.date + 'T00:00:00Z') + (row.hour ?? 0) * 3600000;
  }

  function renderChart() {
    if (tab !== 'chart' || typeof echarts === 'undefined') return;
    if (!chart) {
      chart = echarts.init(el.chart, null, { renderer: 'canvas' });
      window.addEventListener('resize', () => chart.resize());
    }
    const deviation = document.querySelector('input[name=chart-mode]:checked').value === 'deviation';
    const hourly = rows.length > 0 && rows[0].hour !== null;
    const byTime = new Map();
    const visits = new Array(rows.length);
    const baseline = new Array(rows.length);
    const pct = new Array(rows.length);
    // A closed day (every reading there, all 0: a Sunday, a holiday) is drawn as a shaded gap and a
    // partial day (readings missing: today, an outage) as a marked one, never as a drop.
    const marks = [];
    rows.forEach((row, i) => {
      const t = time(row);
      byTime.set(t, row);
      const closed = isClosed(row, hourly);
      visits[i] = [t, closed ? null : row.visits];
      baseline[i] = [t, closed ? null : row.baseline];
      pct[i] = [t, closed ? null : row.pct_diff];
      if (!hourly && (closed || !row.complete)) {
        marks.push([{ name: closed ? 'closed' : 'partial', xAxis: t - 43200000,
          itemStyle: { color: closed ? 'rgba(97,110,124,0.15)' : 'rgba(240,140,0,0.18)' } },
        { xAxis: t + 43200000 }]);
      }
    });
    const areas = { silent: true, label: { show: marks.length <= 60, position: 'insideTop', fontSize: 10 }, data: marks };
    // Thousands of points: LTTB keeps the shape of each line at the chart's pixel width, so
    // 175,000 hourly points draw as fast as a thousand and the tab never freezes.
    const line = (name, data, extra) => Object.assign({
      name: name, type: 'line', data: data, showSymbol: false, sampling: 'lttb', large: true,
      connectNulls: false,
    }, extra);
    // A line, not bars: hundreds of bars would each be thinner than a pixel.
    const series = deviation
      ? [line('% diff from baseline', pct, { color: '#7048e8', areaStyle: { opacity: 0.25 }, markArea: areas })]
      : [line('visits', visits, { color: '#2f6fdf', markArea: areas }),
        line('baseline (4-week same-weekday mean)', baseline, { color: '#f08c00', lineStyle: { type: 'dashed' } })];
    if (!deviation && earlier.length) {
      series.push(line('a year earlier (same weekday, 52 weeks before)',
        earlier.map((row) => [time(row) + YEAR_MS, isClosed(row, hourly) ? null : row.visits]),
        { color: '#9aa5b1', lineStyle: { type: 'dotted' } }));
    }
    chart.setOption({
      useUTC: true,
      // Redrawn on every filter change: an animation would only delay what the user asked for.
      animation: false,
      grid: { left: 60, right: 30, top: 40, bottom: 80 },
      legend: { top: 5 },
      tooltip: {
        trigger: 'axis',
        formatter: (params) => {
          const row = byTime.get(params[0].value[0]);
          if (!row) return '';
          const lines = [row.date + ' ' + WEEKDAYS[row.weekday] + (hourly ? ' ' + String(row.hour).padStart(2, '0') + ':00' : ''),
            'visits: ' + (row.visits ?? '—'),
            'baseline: ' + (row.baseline ?? '—'),
            'pct_diff: ' + (row.pct_diff === null ? '—' : row.pct_diff + ' %')];
          if (row.failed) lines.push('failed readings: ' + row.failed + ' of ' + row.readings);
          // Only our own formatted numbers and dates reach this HTML; names are not shown here.
          return lines.map(escapeHtml).join('<br>');
        },
      },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: deviation ? '%' : 'visits' },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 20 }],
      series: series,
    }, { notMerge: true });
  }

  const YEAR_MS = 364 * 86400000; // 52 weeks: the same weekdays

  /** A day with every reading there and none counting a visit: closed (a Sunday, a holiday). */
  function isClosed(row, hourly) {
    return !hourly && row.complete && row.failed === 0 && row.visits === 0;
  }

  /** The same query 52 weeks earlier, for the overlay; its own request, so it never aborts the view's. */
  async function loadEarlier() {
    earlier = [];
    const s = state();
    if (!s.yearEarlier || !s.from || !s.to) return;
    const q = new URLSearchParams(apiQuery(false));
    const shift = (iso) => new Date(Date.parse(iso + 'T00:00:00Z') - YEAR_MS).toISOString().slice(0, 10);
    q.set('from', shift(q.get('from')));
    q.set('to', shift(q.get('to')));
    if (earlierRequest) earlierRequest.abort();
    earlierRequest = new AbortController();
    try {
      const response = await fetch('api/view?' + q.toString(), { signal: earlierRequest.signal });
      // Before the store's first day there is nothing to compare: the overlay stays empty.
      if (response.ok) earlier = (await response.json()).rows;
    } catch (e) {
      if (e.name !== 'AbortError') earlier = [];
    }
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  }

  // ---- table -------------------------------------------------------------------------------------

  function cell(row, column) {
    const value = row[column];
    return value === null || value === undefined ? '' : String(value);
  }

  function renderTable() {
    const head = el.rows.tHead.rows[0];
    if (!head.cells.length) {
      COLUMNS.forEach((column) => {
        const th = document.createElement('th');
        th.textContent = column;
        th.dataset.col = column;
        if (TEXT_COLUMNS.has(column)) th.className = 'text';
        th.addEventListener('click', () => sortBy(column));
        head.appendChild(th);
      });
    }
    Array.from(head.cells).forEach((th) => {
      th.setAttribute('aria-sort', sort && sort.column === th.dataset.col ? sort.direction : 'none');
    });
    sorted = sortedRows(rows, sort);
    const size = parseInt(el.pageSize.value, 10);
    const pages = Math.max(1, Math.ceil(sorted.length / size));
    page = Math.min(page, pages - 1);
    const body = document.createElement('tbody');
    sorted.slice(page * size, (page + 1) * size).forEach((row) => {
      const tr = body.insertRow();
      COLUMNS.forEach((column) => {
        const td = tr.insertCell();
        td.textContent = cell(row, column);
        if (TEXT_COLUMNS.has(column)) td.className = 'text';
      });
    });
    el.rows.replaceChild(body, el.rows.tBodies[0]);
    el.pageInfo.textContent = sorted.length
      ? 'rows ' + (page * size + 1) + '–' + Math.min(sorted.length, (page + 1) * size) + ' of ' + sorted.length.toLocaleString('en')
      : 'no rows';
    el.prev.disabled = page === 0;
    el.next.disabled = page >= pages - 1;
  }

  /**
   * A copy of the rows in a column's order ({column, direction}; null keeps theirs), the empty cells
   * (no value, no comparison) last either way.
   */
  function sortedRows(rows, order) {
    const copy = rows.slice();
    if (order) {
      const k = order.column;
      const dir = order.direction === 'ascending' ? 1 : -1;
      copy.sort((a, b) => {
        const x = a[k];
        const y = b[k];
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * dir;
      });
    }
    return copy;
  }

  function sortBy(column) {
    sort = sort && sort.column === column && sort.direction === 'ascending'
      ? { column, direction: 'descending' }
      : { column, direction: 'ascending' };
    page = 0;
    renderTable();
  }

  // ---- health ------------------------------------------------------------------------------------

  function renderHealth(report) {
    const sensorsBody = document.querySelector('#health-sensors tbody');
    const outagesBody = document.querySelector('#health-outages tbody');
    const fill = (tbody, items, cells, flagged) => {
      const fresh = document.createElement('tbody');
      items.forEach((item) => {
        const tr = fresh.insertRow();
        if (flagged && flagged(item)) tr.className = 'flagged';
        cells(item).forEach((value) => { tr.insertCell().textContent = value; });
      });
      tbody.parentNode.replaceChild(fresh, tbody);
    };
    fill(sensorsBody, report.sensors, (s) => [s.sensor_id, s.readings, s.failed, s.failure_pct,
      s.flagged ? 'yes' : '', s.outages, s.longest_outage_hours], (s) => s.flagged);
    fill(outagesBody, report.outages, (o) => [o.sensor_id, o.from.replace('T', ' '), o.to.replace('T', ' '), o.hours]);
    if (typeof echarts === 'undefined') return;
    if (!healthChart) {
      healthChart = echarts.init(el.healthChart);
      window.addEventListener('resize', () => healthChart.resize());
    }
    healthChart.setOption({
      animation: false, // a few bars; a screenshot or a glance must see their final height
      grid: { left: 50, right: 30, top: 30, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: report.sensors.map((s) => 'sensor ' + s.sensor_id) },
      // Room for the threshold line even when every sensor is far below it.
      yAxis: { type: 'value', name: 'failed %', max: (v) => Math.ceil(Math.max(v.max, report.threshold_pct) * 1.15) },
      series: [{
        name: 'failure %', type: 'bar',
        data: report.sensors.map((s) => ({ value: s.failure_pct, itemStyle: { color: s.flagged ? '#c0392b' : '#2f6fdf' } })),
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: report.threshold_pct, name: 'threshold' }],
          lineStyle: { color: '#c0392b', type: 'dashed' } },
      }],
    }, { notMerge: true });
  }

  // ---- overview ----------------------------------------------------------------------------------

  async function refreshOverview() {
    updateDownload(null, false);
    setStatus('loading', 'Loading the portfolio…');
    try {
      portfolio = await getJson('api/portfolio?threshold=' + encodeURIComponent(el.threshold.value));
    } catch (e) {
      if (e.name === 'AbortError') return;
      portfolio = null;
      renderOverview();
      setStatus('error', 'Error: ' + e.message);
      return;
    }
    renderOverview();
    const n = portfolio.stores.length;
    if (!n || !portfolio.last_day) {
      setStatus('empty', 'The warehouse holds no whole day yet.');
      return;
    }
    const t = portfolio.totals;
    setStatus('ready', n.toLocaleString('en') + ' stores, ' + t.like_for_like_stores.toLocaleString('en')
      + ' of them like for like, ' + t.flagged_sensors.toLocaleString('en') + ' sensors flagged. Click a store to open it.');
  }

  function signed(pct) {
    if (pct === null || pct === undefined) return '—';
    return (pct > 0 ? '+' : pct < 0 ? '−' : '') + Math.abs(pct).toFixed(1) + ' %';
  }

  function percentCell(tr, pct, why) {
    const td = tr.insertCell();
    td.textContent = signed(pct);
    td.className = pct === null || pct === undefined ? 'none' : pct > 0 ? 'up' : pct < 0 ? 'down' : '';
    if ((pct === null || pct === undefined) && why) td.title = why;
  }

  function numberCell(tr, value) {
    tr.insertCell().textContent = value.toLocaleString('en');
  }

  /** A line of the weekly visits, drawn with SVG elements (no markup from strings). */
  function sparkline(tr, weeks) {
    const td = tr.insertCell();
    const svgNs = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNs, 'svg');
    const width = 96;
    const height = 22;
    svg.setAttribute('class', 'spark');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'weekly visits: ' + weeks.join(', '));
    const max = Math.max(1, ...weeks);
    const step = weeks.length > 1 ? (width - 2) / (weeks.length - 1) : 0;
    const line = document.createElementNS(svgNs, 'polyline');
    line.setAttribute('points', weeks.map((v, i) => (1 + i * step).toFixed(1) + ','
      + (height - 1 - (v / max) * (height - 2)).toFixed(1)).join(' '));
    svg.appendChild(line);
    td.appendChild(svg);
  }

  function overviewRow(tr, line, totals) {
    const name = tr.insertCell();
    name.className = 'text';
    name.textContent = totals ? 'All ' + line.stores.toLocaleString('en') + ' stores' : line.store;
    name.title = name.textContent; // a long name is cut to the column; its whole text on hover
    const notOpen = totals ? 'no store was open through the same weeks a year earlier'
      : 'not open through the same weeks a year earlier: no like-for-like comparison';
    numberCell(tr, line.week_visits);
    percentCell(tr, line.week_vs_baseline_pct, 'no baseline');
    percentCell(tr, line.week_vs_year_pct, notOpen);
    numberCell(tr, line.four_weeks_visits);
    percentCell(tr, line.four_weeks_vs_baseline_pct, 'no baseline');
    percentCell(tr, line.four_weeks_vs_year_pct, notOpen);
    sparkline(tr, line.trend);
    tr.insertCell().textContent = line.coverage_pct.toFixed(1) + ' %';
    const health = tr.insertCell();
    const open = totals ? alerts.open
      : alerts.incidents.filter((i) => i.status === 'open' && i.store === line.store).length;
    const parts = [];
    if (line.flagged_sensors) parts.push(line.flagged_sensors + ' flagged');
    if (open) parts.push(open + (open === 1 ? ' alert' : ' alerts'));
    health.textContent = parts.length ? parts.join(', ') : 'OK';
    if (parts.length) health.className = 'flagged';
    if (!totals) health.title = line.failure_pct + ' % of readings failed';
  }

  function renderOverview() {
    const table = el.portfolio;
    Array.from(table.tHead.querySelectorAll('th[data-col]')).forEach((th) => {
      th.setAttribute('aria-sort', portfolioSort && portfolioSort.column === th.dataset.col
        ? portfolioSort.direction : 'none');
    });
    const body = document.createElement('tbody');
    const foot = document.createElement('tfoot');
    if (portfolio && portfolio.last_day) {
      el.overviewPeriod.textContent = 'Week ' + portfolio.week_from + ' to ' + portfolio.last_day
        + '; four weeks from ' + portfolio.four_weeks_from + '. A year earlier is 52 weeks before, same weekdays,'
        + ' for the stores open then (like for like: ' + portfolio.totals.like_for_like_stores + ' of '
        + portfolio.stores.length + ').';
      const lines = sortedRows(portfolio.stores, portfolioSort);
      lines.forEach((line) => {
        const tr = body.insertRow();
        tr.dataset.store = line.store;
        overviewRow(tr, line, false);
        tr.addEventListener('click', () => openStore(line.store));
      });
      overviewRow(foot.insertRow(), portfolio.totals, true);
    } else {
      el.overviewPeriod.textContent = '';
    }
    table.replaceChild(body, table.tBodies[0]);
    table.replaceChild(foot, table.tFoot);
  }

  function sortPortfolio(column) {
    portfolioSort = portfolioSort && portfolioSort.column === column && portfolioSort.direction === 'descending'
      ? { column, direction: 'ascending' }
      : { column, direction: column === 'store' ? 'ascending' : 'descending' };
    renderOverview();
  }

  function openStore(name) {
    el.store.value = name;
    fillSensors();
    fillDates(el.from.value, el.to.value);
    showTab('chart');
    refresh();
  }

  // ---- busy hours and doors -------------------------------------------------------------------------

  function renderProfile(body) {
    const fresh = document.createElement('tbody');
    body.doors.forEach((d) => {
      const tr = fresh.insertRow();
      if (d.barely_used) tr.className = 'barely';
      [d.sensor_id, d.visits.toLocaleString('en'), d.share_pct, d.barely_used ? 'barely used' : '']
        .forEach((value) => { tr.insertCell().textContent = value; });
    });
    const tbody = document.querySelector('#doors tbody');
    tbody.parentNode.replaceChild(fresh, tbody);
    $('doors-note').textContent = '(a door below ' + body.barely_used_below_pct
      + ' % of the visits, half an equal share, is barely used)';
    if (typeof echarts === 'undefined') return;
    if (!heatmap) {
      heatmap = echarts.init($('heatmap'));
      window.addEventListener('resize', () => heatmap.resize());
    }
    const max = Math.max(1, ...body.heatmap.map((c) => c.mean_visits));
    heatmap.setOption({
      animation: false,
      grid: { left: 50, right: 30, top: 10, bottom: 60 },
      tooltip: { formatter: (p) => escapeHtml(WEEKDAYS[p.value[1]] + ' ' + String(p.value[0]).padStart(2, '0')
        + ':00: ' + p.value[2] + ' visits on average') },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h)), name: 'hour' },
      yAxis: { type: 'category', data: WEEKDAYS, inverse: true },
      visualMap: { min: 0, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
      series: [{ type: 'heatmap', data: body.heatmap.map((c) => [c.hour, c.weekday, c.mean_visits]) }],
    }, { notMerge: true });
  }

  // ---- tabs and events ---------------------------------------------------------------------------

  function showTab(name) {
    tab = name;
    document.querySelectorAll('#tabs button').forEach((b) => {
      const selected = b.dataset.tab === name;
      b.setAttribute('aria-selected', String(selected));
      $('panel-' + b.dataset.tab).hidden = !selected;
    });
  }

  function onTab(name) {
    const own = (t) => ['health', 'overview', 'profile', 'alerts'].includes(t); // tabs with their own query
    const reload = own(name) || own(tab);
    showTab(name);
    if (reload) {
      refresh();
    } else {
      writeUrl();
      updateDownload(apiQuery(false), false);
      if (name === 'chart') {
        renderChart();
        chart && chart.resize();
      }
    }
  }

  function wire() {
    el.store.addEventListener('change', () => {
      fillSensors();
      fillDates(el.from.value, el.to.value);
      if (tab === 'overview' && el.store.value) showTab('chart');
      refresh();
    });
    el.portfolio.tHead.querySelectorAll('th[data-col]').forEach((th) => th.addEventListener('click', () => sortPortfolio(th.dataset.col)));
    [el.sensor, el.resolution, el.from, el.to, el.hourFrom, el.hourTo, el.failures, el.threshold]
      .forEach((input) => input.addEventListener('change', refresh));
    document.querySelectorAll('#weekdays input').forEach((b) => b.addEventListener('change', refresh));
    $('year-earlier').addEventListener('change', refresh);
    document.querySelectorAll('input[name=chart-mode]').forEach((b) => b.addEventListener('change', () => {
      writeUrl();
      renderChart();
    }));
    document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => onTab(b.dataset.tab)));
    el.prev.addEventListener('click', () => { page--; renderTable(); });
    el.next.addEventListener('click', () => { page++; renderTable(); });
    el.pageSize.addEventListener('change', () => { page = 0; renderTable(); });
  }

  // ---- alerts ------------------------------------------------------------------------------------

  /** Reads the incidents, updates the tab's badge and, on its tab, the table. Never aborts a view's request. */
  async function showAlerts() {
    try {
      const response = await fetch('api/alerts?limit=200');
      if (!response.ok) throw new Error('status ' + response.status);
      alerts = await response.json();
    } catch (e) {
      alerts = { open: 0, incidents: [] };
    }
    const badge = $('alerts-badge');
    badge.textContent = String(alerts.open);
    badge.hidden = alerts.open === 0;
    badge.title = alerts.open + ' open';
    const fresh = document.createElement('tbody');
    alerts.incidents.forEach((i) => {
      const tr = fresh.insertRow();
      tr.className = i.status;
      const cells = [i.status, i.rule, i.store, i.sensor_id ?? '', (i.since || '').replace('T', ' '),
        i.detail + (i.recovery ? ' — recovered: ' + i.recovery : ''),
        (i.opened_at || '').slice(0, 16).replace('T', ' '), (i.closed_at || '').slice(0, 16).replace('T', ' ')];
      cells.forEach((value, k) => {
        const td = tr.insertCell();
        td.textContent = value;
        if (k !== 3) td.className = 'text';
      });
      if (stores.some((s) => s.store === i.store)) tr.addEventListener('click', () => openStore(i.store));
    });
    const tbody = document.querySelector('#incidents tbody');
    tbody.parentNode.replaceChild(fresh, tbody);
  }

  // ---- the pipeline's latest run ------------------------------------------------------------------

  /** Says how fresh the data is; not through getJson, which would abort the view's request. */
  async function showPipeline() {
    const line = document.getElementById('pipeline');
    try {
      const response = await fetch('api/runs?limit=1');
      if (!response.ok) throw new Error('status ' + response.status);
      const run = (await response.json()).runs[0];
      if (!run) {
        line.textContent = '';
        return;
      }
      const when = (run.ended || run.started).slice(0, 16).replace('T', ' ');
      line.textContent = 'Pipeline run ' + run.id + ' ' + run.status.toLowerCase() + ' at ' + when + ' UTC: '
        + run.written.toLocaleString('en') + ' readings written'
        + (run.error ? ' (' + run.error + ')' : '') + '.';
      line.dataset.status = run.status;
    } catch (e) {
      line.textContent = '';
    }
  }

  async function start() {
    showPipeline();
    setInterval(showPipeline, 60000);
    setInterval(showAlerts, 60000);
    wire();
    setStatus('loading', 'Loading stores…');
    try {
      stores = (await getJson('api/stores')).stores;
    } catch (e) {
      setStatus('error', 'Error: ' + e.message);
      return;
    }
    stores.forEach((s) => el.store.add(new Option(s.store, s.store)));
    await showAlerts(); // the overview's health column and the tab's badge
    readUrl();
    showTab(tab);
    refresh();
  }

  start();
}());
