// The kernel in a real front end: Debian's Jupyter Notebook 6.4 driven in the system's Chromium
// (/usr/bin/chromium) through playwright-core; no browser is downloaded.
//
//   node notebook-test.mjs KERNEL_NAME OUT_DIR
//
// Expects JUPYTER_PATH (with the kernelspec), JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR and
// JUPYTER_RUNTIME_DIR in the environment (the JUnit launcher, NotebookBrowserIT, sets them to
// temporary folders). Starts a notebook server on 127.0.0.1, opens a notebook and checks, as a
// user would see them in the page:
//   - Run All: every cell's output under its own cell (the prints of one cell never under the next);
//   - Kernel > Restart: the kernel comes back, no "Dead kernel" (dialog, notification or event);
//   - Kernel > Interrupt stops a busy cell and the kernel stays usable;
//   - Tab after %ti offers %time and %timeit; Tab after %%tr completes %%trace;
//   - an untrusted copy of the run notebook (as ./run.sh writes them): the sanitizer drops <style>
//     and inline styles, and tensor tables, pass diffs, timing tables and %ir --picture stay readable.
// Screenshots go to OUT_DIR (kept as test artifacts). Exits 0 when every check passed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const KERNEL = process.argv[2] || 'jitbook';
const OUT = path.resolve(process.argv[3] || 'browser-out');
const CHROMIUM = process.env.JITBOOK_CHROMIUM || '/usr/bin/chromium';
const NOTEBOOK_SERVER = process.env.JITBOOK_NOTEBOOK_SERVER || '/usr/bin/jupyter-notebook';
// Generous: the machine this runs on may be shared by several builds.
const SLOW = 180_000;

fs.mkdirSync(OUT, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jitbook-browser-'));
const notebooks = path.join(work, 'notebooks');
fs.mkdirSync(notebooks);

const failures = [];
function check(ok, what, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail !== undefined ? ': ' + JSON.stringify(detail) : ''}`);
  if (!ok) failures.push(what);
}

// Each cell starts with a marker comment: the test finds cells by it, never by position.
const CELLS = [
  ['prints', '// prints\nfor (int i = 1; i <= 3; i++) System.out.println("line " + i + " of the first cell");\nSystem.err.println("err of the first cell");'],
  ['quiet', '// quiet\nint zz = 1;'],
  ['tensor', '// tensor\nTensor x = Tensors.tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});\nx'],
  ['trace', '%%trace twice(x) --runs 20\n// trace\nreturn x.mul(2.0).mul(1.0).tanh();'],
  ['picture', '%ir twice --picture'],
  ['result', '// result\nzz + 41'],
];

function notebookJson() {
  return {
    cells: CELLS.map(([tag, source]) => ({
      cell_type: 'code', execution_count: null, metadata: { tags: [tag] }, outputs: [], source,
    })),
    metadata: { kernelspec: { name: KERNEL, display_name: 'Jitbook (browser test)', language: 'java' } },
    nbformat: 4, nbformat_minor: 5,
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function startServer() {
  const port = await freePort();
  const token = 'jitbook-' + Math.random().toString(36).slice(2);
  const log = fs.openSync(path.join(OUT, 'notebook-server.log'), 'w');
  const server = spawn(NOTEBOOK_SERVER, [
    '--no-browser', '--allow-root', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    `--NotebookApp.token=${token}`, `--notebook-dir=${notebooks}`,
  ], { stdio: ['ignore', log, log], env: process.env });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SLOW;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the notebook server exited with ${server.exitCode}; see notebook-server.log`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) return { server, base, token };
    } catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error('the notebook server did not answer within ' + SLOW / 1000 + ' s');
}

// Records kernel events and any "Dead kernel" text the page shows, from the moment it loads.
const WATCH = () => {
  window.__jb = { events: [], deadText: false };
  const seen = () => {
    if (document.body && document.body.innerText.includes('Dead kernel')) window.__jb.deadText = true;
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, characterData: true });
  const hook = () => {
    if (!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.events)) return setTimeout(hook, 50);
    for (const e of ['kernel_dead.Kernel', 'kernel_dead.Session', 'kernel_restarting.Kernel', 'kernel_ready.Kernel',
      'kernel_interrupting.Kernel', 'kernel_killed.Kernel', 'kernel_killed.Session']) {
      Jupyter.notebook.events.on(e, () => window.__jb.events.push(e));
    }
  };
  hook();
};

async function openNotebook(ctx, base, token, name) {
  const page = await ctx.newPage();
  page.setDefaultTimeout(SLOW);
  page.on('pageerror', e => console.log('page error:', e.message));
  await page.addInitScript(WATCH);
  await page.goto(`${base}/notebooks/${name}?token=${token}`);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded
    && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected(), null, { timeout: SLOW });
  await waitIdle(page);
  return page;
}

async function waitIdle(page) {
  await page.waitForFunction(() => Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()
    && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null, null, { timeout: SLOW });
}

/** The index of the cell tagged (or starting with) marker. */
async function cellIndex(page, marker) {
  return page.evaluate(m => Jupyter.notebook.get_cells().findIndex(c =>
    (c.metadata.tags || []).includes(m) || c.get_text().startsWith('// ' + m)), marker);
}

/** What the page shows under the cell tagged marker: prompt, output text, output HTML. */
async function outputOf(page, marker) {
  const i = await cellIndex(page, marker);
  return page.evaluate(i => {
    const el = Jupyter.notebook.get_cell(i).element[0];
    const out = el.querySelector('.output');
    return { prompt: el.querySelector('.input_prompt').innerText, text: out ? out.innerText : '', html: out ? out.innerHTML : '' };
  }, i);
}

/** The whole notebook, not just the window: the page is made as tall as the notebook first. */
async function screenshot(page, file) {
  const h = await page.evaluate(() => document.querySelector('#notebook-container').scrollHeight + 200);
  const v = page.viewportSize();
  await page.setViewportSize({ width: v.width, height: Math.min(h, 12000) });
  await page.screenshot({ path: path.join(OUT, file) });
  await page.setViewportSize(v);
}

async function menu(page, menuId, itemId) {
  await page.click(menuId);
  await page.click(itemId);
}

/** Runs the code typed into a new cell at the bottom with Shift-Enter, as a user would. */
async function typeAndRun(page, code) {
  const i = await page.evaluate(() => {
    const c = Jupyter.notebook.insert_cell_at_bottom('code');
    Jupyter.notebook.select(Jupyter.notebook.find_cell_index(c));
    Jupyter.notebook.edit_mode();
    return Jupyter.notebook.find_cell_index(c);
  });
  await page.keyboard.insertText(code);
  await page.keyboard.press('Shift+Enter');
  return i;
}

async function outputAt(page, i) {
  return page.evaluate(i => {
    const el = Jupyter.notebook.get_cell(i).element[0];
    return { prompt: el.querySelector('.input_prompt').innerText, text: el.querySelector('.output').innerText };
  }, i);
}

async function waitExecuted(page, i) {
  await page.waitForFunction(i => !/\*/.test(Jupyter.notebook.get_cell(i).element[0].querySelector('.input_prompt').innerText)
    && Jupyter.notebook.get_cell(i).input_prompt_number !== undefined && Jupyter.notebook.get_cell(i).input_prompt_number !== null,
  i, { timeout: SLOW });
}

async function runAll(page) {
  await menu(page, '#celllink', '#run_all_cells');
  const n = await page.evaluate(() => Jupyter.notebook.ncells());
  for (let i = 0; i < n; i++) await waitExecuted(page, i);
  await waitIdle(page);
}

async function testRunAll(page) {
  await runAll(page);
  const prints = await outputOf(page, 'prints');
  check(['line 1', 'line 2', 'line 3', 'err of the first cell'].every(s => prints.text.includes(s)),
    'Run All: the first cell shows its three lines and its stderr', prints.text);
  const quiet = await outputOf(page, 'quiet');
  check(quiet.text.trim() === '', 'Run All: nothing from the first cell under the next one', quiet.text);
  const tensor = await outputOf(page, 'tensor');
  check(/tensor \(2, 3\) float32/.test(tensor.text) && tensor.html.includes('<table'), 'a tensor renders as a table', tensor.text);
  const trace = await outputOf(page, 'trace');
  check(/%%trace/.test(trace.text) && /tensor::tanh/.test(trace.text) && /median/.test(trace.text),
    'the %%trace report shows IR, passes and timings', trace.text.slice(0, 400));
  const picture = await outputOf(page, 'picture');
  check(/<svg|<img/.test(picture.html), '%ir --picture draws a picture', picture.html.slice(0, 200));
  const result = await outputOf(page, 'result');
  check(/Out\[\d+\]/.test(result.text) && result.text.includes('42'), 'an expression\'s value under its own cell', result.text);
  await screenshot(page, 'notebook-run-all.png');
}

async function testRestart(page) {
  await page.evaluate(() => { window.__jb.events = []; window.__jb.deadText = false; });
  await menu(page, '#kernellink', '#restart_kernel');
  await page.click('.modal-dialog button.btn-danger');  // "Restart" in the confirmation dialog
  await page.waitForFunction(() => window.__jb.events.includes('kernel_ready.Kernel'), null, { timeout: SLOW });
  await waitIdle(page);
  const i = await typeAndRun(page, '// after restart\n1 + 1');
  await waitExecuted(page, i);
  // Dead kernel would arrive as a replayed status after the restart: give it time to show.
  await page.waitForTimeout(3000);
  const jb = await page.evaluate(() => window.__jb);
  const out = await outputAt(page, i);
  check(out.text.includes('2'), 'the restarted kernel runs a cell', out.text);
  check(!jb.deadText && !jb.events.some(e => e.startsWith('kernel_dead') || e.startsWith('kernel_killed')),
    'Kernel > Restart: no "Dead kernel"', jb);
  const gone = await typeAndRun(page, '// state gone\nzz');
  await waitExecuted(page, gone);
  const g = await outputAt(page, gone);
  check(/zz/.test(g.text) && /cannot find symbol|not defined|error/i.test(g.text), 'the restart gave a fresh session (zz gone)', g.text);
}

async function testInterrupt(page) {
  const i = await typeAndRun(page, '// busy\nlong spins = 0;\nwhile (true) { spins++; }');
  await page.waitForFunction(() => document.querySelector('#kernel_indicator_icon.kernel_busy_icon') !== null, null, { timeout: SLOW });
  await page.waitForTimeout(1000);
  const t0 = Date.now();
  await menu(page, '#kernellink', '#int_kernel');
  await waitExecuted(page, i);
  await waitIdle(page);
  const stopped = (Date.now() - t0) / 1000;
  const out = await outputAt(page, i);
  check(/interrupt/i.test(out.text), `Kernel > Interrupt stops a busy cell (${stopped.toFixed(1)} s)`, out.text);
  const after = await typeAndRun(page, '// after interrupt\n6 * 7');
  await waitExecuted(page, after);
  check((await outputAt(page, after)).text.includes('42'), 'the kernel runs cells after the interrupt');
}

async function testCompletion(page) {
  await page.evaluate(() => {
    const c = Jupyter.notebook.insert_cell_at_bottom('code');
    Jupyter.notebook.select(Jupyter.notebook.find_cell_index(c));
    Jupyter.notebook.edit_mode();
  });
  await page.keyboard.insertText('%ti');
  await page.keyboard.press('Tab');
  await page.waitForSelector('.completions select option', { timeout: 60_000 }).catch(() => null);
  const options = await page.evaluate(() => [...document.querySelectorAll('.completions select option')].map(o => o.textContent));
  check(options.includes('%time') && options.includes('%timeit'), 'Tab after %ti offers %time and %timeit', options);
  await page.screenshot({ path: path.join(OUT, 'notebook-completion.png') });
  await page.keyboard.press('Escape');

  const i = await page.evaluate(() => {
    const c = Jupyter.notebook.insert_cell_at_bottom('code');
    Jupyter.notebook.select(Jupyter.notebook.find_cell_index(c));
    Jupyter.notebook.edit_mode();
    return Jupyter.notebook.find_cell_index(c);
  });
  await page.keyboard.insertText('%%tr');
  await page.keyboard.press('Tab');
  await page.waitForFunction(i => Jupyter.notebook.get_cell(i).get_text() !== '%%tr', i, { timeout: 60_000 }).catch(() => null);
  const text = await page.evaluate(i => Jupyter.notebook.get_cell(i).get_text(), i);
  check(text.startsWith('%%trace'), 'Tab after %%tr completes %%trace', text);
}

/**
 * Opens a copy of the run notebook that nobody signed (what ./run.sh and nbconvert write), so
 * Notebook sanitizes every HTML output, and checks the renderings stay readable.
 */
async function testUntrusted(ctx, page, base, token) {
  const nb = await page.evaluate(() => Jupyter.notebook.toJSON());
  for (const c of nb.cells) delete c.metadata.trusted;
  nb.metadata.jitbook_browser_test = 'an unsigned copy';
  fs.writeFileSync(path.join(notebooks, 'untrusted.ipynb'), JSON.stringify(nb, null, 1));
  const copy = await openNotebook(ctx, base, token, 'untrusted.ipynb');
  const trusted = await copy.evaluate(() => Jupyter.notebook.trusted);
  check(trusted === false, 'the unsigned copy opens untrusted', trusted);
  const probe = await copy.evaluate(() => {
    const out = i => Jupyter.notebook.get_cell(i).element[0].querySelector('.output');
    const find = m => Jupyter.notebook.get_cells().findIndex(c => (c.metadata.tags || []).includes(m));
    const tensor = out(find('tensor'));
    const trace = out(find('trace'));
    const picture = out(find('picture'));
    const td = tensor.querySelector('td');
    const diffPre = trace.querySelector('pre.diff');
    return {
      styleElements: document.querySelectorAll('.output style').length,
      inlineStyles: document.querySelectorAll('.output_html [style]').length,
      tensorCells: tensor.querySelectorAll('td').length,
      tdPadding: td ? getComputedStyle(td).paddingLeft : null,
      diffLines: diffPre ? diffPre.innerText.split('\n').filter(l => /^[+-] /.test(l)).length : -1,
      diffMarked: diffPre ? diffPre.querySelectorAll('.add, .del').length : -1,
      addColor: diffPre && diffPre.querySelector('.add') ? getComputedStyle(diffPre.querySelector('.add')).color : null,
      timingRows: trace.querySelectorAll('table.timing tr').length,
      pictureImg: picture.querySelector('img') ? picture.querySelector('img').naturalWidth : 0,
      pictureText: picture.innerText.slice(0, 80),
    };
  });
  console.log('untrusted rendering:', JSON.stringify(probe));
  check(probe.styleElements === 0, 'untrusted: Notebook dropped the <style> elements (what the renderers must survive)', probe);
  check(probe.tensorCells === 6 && probe.tdPadding !== '0px', 'untrusted: the tensor table keeps its cells and their padding', probe);
  check(probe.diffLines > 0 && probe.diffLines === probe.diffMarked, 'untrusted: every pass-diff line on a line of its own', probe);
  check(probe.addColor && probe.addColor !== 'rgb(0, 0, 0)', 'untrusted: added diff lines keep their colour', probe);
  check(probe.timingRows === 3, 'untrusted: the timing table keeps its rows', probe);
  check(probe.pictureImg > 0, 'untrusted: %ir --picture shows its PNG (SVG is not rendered untrusted)', probe);
  await screenshot(copy, 'notebook-untrusted.png');
  await copy.close();
}

async function main() {
  fs.writeFileSync(path.join(notebooks, 'browser.ipynb'), JSON.stringify(notebookJson(), null, 1));
  const t0 = Date.now();
  const { server, base, token } = await startServer();
  console.log(`notebook server at ${base} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const profile = fs.mkdtempSync(path.join(work, 'chromium-profile-'));
  let ctx;
  try {
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      viewport: { width: 1200, height: 900 },
    });
    const page = await openNotebook(ctx, base, token, 'browser.ipynb');
    console.log(`notebook open, kernel idle after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const [name, step] of [['Run All', () => testRunAll(page)], ['untrusted copy', () => testUntrusted(ctx, page, base, token)],
      ['restart', () => testRestart(page)], ['interrupt', () => testInterrupt(page)], ['completion', () => testCompletion(page)]]) {
      const s = Date.now();
      try {
        await step();
      } catch (e) {
        check(false, `${name}: ${e.message.split('\n')[0]}`);
        await page.screenshot({ path: path.join(OUT, `failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
      }
      console.log(`     (${name}: ${((Date.now() - s) / 1000).toFixed(1)} s)`);
    }
    await screenshot(page, 'notebook.png');
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    await fetch(`${base}/api/shutdown?token=${token}`, { method: 'POST' }).catch(() => {});
    await new Promise(r => setTimeout(r, 2000));
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`${failures.length === 0 ? 'all checks passed' : failures.length + ' check(s) failed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${OUT}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch(e => { console.error(e); process.exit(2); });
