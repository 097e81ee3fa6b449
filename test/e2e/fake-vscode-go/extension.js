// TEST-ONLY stand-in for vscode-go (extension id golang.go), used by Go Env Doctor's end-to-end
// tests in test/e2e. It is never shipped. It plays vscode-go's part honestly, following
// shared/reference/vscode-go.md §1 (vscode-go 0.58 extension/src/goEnv.ts, util.ts, config.ts,
// goInstallTools.ts updateGoVarsFromConfig, goMain.ts addConfigChangeListener):
//
//   * at activation it copies GOPATH/GOPROXY/GOBIN/GOMODCACHE from `go env -json` into the
//     extension host's process.env when they are unset there (vscode-go's sticky activation copy;
//     GED_E2E_FAKE_GO_COPY=0 turns it off), then starts a REAL gopls with
//     toolExecutionEnvironment() = process.env < go.toolsEnvVars (active editor's folder, else the
//     first folder; ${env:X}, ${workspaceFolder}, ~ substituted) < http.proxy < GOPATH;
//   * it speaks LSP to gopls (initialize/initialized, answers workspace/configuration), so gopls
//     really loads the workspace;
//   * `go.languageserver.restart` stops gopls (shutdown/exit, SIGKILL after 3 s) and starts a new
//     one with the environment built from the CURRENT settings (it does not redo the activation
//     copy, like vscode-go);
//   * a change of go.toolsEnvVars redoes the copy and restarts gopls with reason "config change",
//     like vscode-go's config listener;
//   * debug type "go" runs a REAL `dlv dap` (§1.4, goDebugConfiguration.ts and goDebugFactory.ts):
//     the launch env becomes go.toolsEnvVars (session folder, without process.env) < launch.json
//     env, dlv is spawned with process.env < that env in the folder, and VS Code talks DAP to it
//     over loopback (vscode-go proxies the same messages inline; a tracker sees them alike).
//
// Test hooks (environment of the extension host):
//   GED_E2E_MARKERS  directory; every gopls start writes gopls.json
//                    {pid, goproxy, startedAt, reason, seq, ...} and appends it to gopls-history.jsonl;
//                    config.json holds VS Code's http.proxy (at activation and after each change);
//                    the log also goes to fake-vscode-go.log there.
//   GED_E2E_GOPLS    the gopls binary (default: gopls found on the built environment's PATH).
//   GED_E2E_DLV      the dlv binary (default: dlv found on the built environment's PATH).
'use strict';

const vscode = require('vscode');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

let log; // vscode.LogOutputChannel
let serverChannel; // "gopls (server)"
let current = null; // {proc, pid, ...}
let seq = 0;
let chain = Promise.resolve();
const markersDir = process.env.GED_E2E_MARKERS || '';

function logLine(level, msg) {
  const line = `${new Date().toISOString()} [${level}] ${msg}`;
  if (log) log[level === 'error' ? 'error' : 'info'](msg);
  if (markersDir) {
    try { fs.appendFileSync(path.join(markersDir, 'fake-vscode-go.log'), line + '\n'); } catch { /* ignore */ }
  }
}

// config.ts getConfig: without a uri, the active editor's document, else null.
function getConfig(section, uri) {
  if (!uri) uri = vscode.window.activeTextEditor ? vscode.window.activeTextEditor.document.uri : null;
  return vscode.workspace.getConfiguration(section, uri);
}

// util.ts getWorkspaceFolderPath.
function getWorkspaceFolderPath(uri) {
  if (uri) {
    const f = vscode.workspace.getWorkspaceFolder(uri);
    if (f) return f.uri.fsPath;
  }
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length ? folders[0].uri.fsPath : undefined;
}

// util.ts substituteEnv: only ${env:NAME}, from the (mutated) extension host env.
function substituteEnv(input) {
  return input.replace(/\${env:([^}]+)}/g, (_, name) => process.env[name] || '');
}

// util.ts resolvePath.
function resolvePath(inputPath, workspaceFolder) {
  if (!inputPath || !inputPath.trim()) return inputPath;
  if (!workspaceFolder && vscode.workspace.workspaceFolders) {
    workspaceFolder = getWorkspaceFolderPath(vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri);
  }
  if (workspaceFolder) {
    inputPath = inputPath.replace(/\${workspaceFolder}|\${workspaceRoot}/g, workspaceFolder);
    inputPath = inputPath.replace(/\${workspaceFolderBasename}/g, path.basename(workspaceFolder));
  }
  return inputPath.startsWith('~') ? path.join(os.homedir(), inputPath.substr(1)) : inputPath;
}

// goEnv.ts newEnvironment.
function newEnvironment(uri, addProcessEnv = true) {
  const toolsEnvVars = getConfig('go', uri).get('toolsEnvVars');
  const env = addProcessEnv ? Object.assign({}, process.env) : {};
  if (toolsEnvVars && typeof toolsEnvVars === 'object') {
    for (const key of Object.keys(toolsEnvVars)) {
      const v = toolsEnvVars[key];
      env[key] = typeof v === 'string' ? resolvePath(substituteEnv(v)) : v;
    }
  }
  // The http.proxy setting takes precedence over environment variables.
  const httpProxy = vscode.workspace.getConfiguration('http', null).get('proxy');
  if (httpProxy && typeof httpProxy === 'string') {
    env['http_proxy'] = httpProxy;
    env['HTTP_PROXY'] = httpProxy;
    env['https_proxy'] = httpProxy;
    env['HTTPS_PROXY'] = httpProxy;
  }
  return env;
}

// util.ts getCurrentGoPath (go.inferGopath, deprecated, is not modelled).
function getCurrentGoPath(uri) {
  const configGopath = getConfig('go', uri).get('gopath');
  const fromConfig = configGopath ? resolvePath(substituteEnv(configGopath)) : '';
  return fromConfig || process.env['GOPATH'] || '';
}

// goEnv.ts toolExecutionEnvironment.
function toolExecutionEnvironment(uri, addProcessEnv = true) {
  const env = newEnvironment(uri, addProcessEnv);
  const gopath = getCurrentGoPath(uri);
  if (gopath) env['GOPATH'] = gopath;
  if (env['GOFLAGS']) {
    env['GOFLAGS'] = String(env['GOFLAGS']).split(' ').filter((f) => f !== '-json' && !f.startsWith('--json')).join(' ');
  }
  return env;
}

function findOnPath(name, envPath) {
  for (const dir of (envPath || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch { /* next */ }
  }
  return null;
}

// goInstallTools.ts updateGoVarsFromConfig: the sticky activation copy into process.env.
function updateGoVarsFromConfig() {
  if (process.env.GED_E2E_FAKE_GO_COPY === '0') {
    logLine('info', 'activation copy disabled (GED_E2E_FAKE_GO_COPY=0)');
    return Promise.resolve();
  }
  const env = toolExecutionEnvironment();
  const goBin = findOnPath('go', env.PATH) || 'go';
  return new Promise((resolve) => {
    cp.execFile(goBin, ['env', '-json', 'GOPATH', 'GOROOT', 'GOPROXY', 'GOBIN', 'GOMODCACHE'],
      { env, cwd: getWorkspaceFolderPath() }, (err, stdout, stderr) => {
        if (err) {
          logLine('error', `go env failed: ${err.message} ${stderr}`);
          return resolve();
        }
        try {
          const out = JSON.parse(stdout);
          delete out.GOROOT; // kept in memory by vscode-go, not written to process.env
          const copied = [];
          for (const name of Object.keys(out)) {
            if (!process.env[name] && out[name] && out[name].trim()) {
              process.env[name] = out[name].trim();
              copied.push(`${name}=${process.env[name]}`);
            }
          }
          logLine('info', `activation copy from ${goBin} env: ${copied.join(' ') || '(nothing unset)'}`);
        } catch (e) {
          logLine('error', `go env output: ${e}`);
        }
        resolve();
      });
  });
}

// --- a minimal LSP client over the gopls pipes -------------------------------------------------

function attachLsp(proc, onMessage) {
  let buf = Buffer.alloc(0);
  proc.stdout.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const headerEnd = buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: *(\d+)/i.exec(buf.slice(0, headerEnd).toString('ascii'));
      if (!m) { buf = buf.slice(headerEnd + 4); continue; }
      const len = Number(m[1]);
      if (buf.length < headerEnd + 4 + len) return;
      const body = buf.slice(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      buf = buf.slice(headerEnd + 4 + len);
      try { onMessage(JSON.parse(body)); } catch (e) { logLine('error', `bad LSP message: ${e}`); }
    }
  });
}

function send(proc, msg) {
  if (!proc.stdin.writable) return;
  const body = Buffer.from(JSON.stringify(Object.assign({ jsonrpc: '2.0' }, msg)), 'utf8');
  proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  proc.stdin.write(body);
}

function plain(v) { return v === undefined ? null : JSON.parse(JSON.stringify(v)); }

function startGopls(reason) {
  const env = toolExecutionEnvironment();
  const gopls = process.env.GED_E2E_GOPLS || findOnPath('gopls', env.PATH) || 'gopls';
  const folders = (vscode.workspace.workspaceFolders || []).map((f) => ({ uri: f.uri.toString(), name: f.name }));
  const proc = cp.spawn(gopls, ['serve'], { env, cwd: getWorkspaceFolderPath(), stdio: ['pipe', 'pipe', 'pipe'] });
  const s = { proc, pid: proc.pid, reason, seq: ++seq, exited: false, pending: new Map(), nextId: 1 };
  current = s;
  proc.on('error', (e) => logLine('error', `gopls ${gopls}: ${e.message}`));
  proc.on('exit', (code, signal) => {
    s.exited = true;
    logLine('info', `gopls pid ${s.pid} exited (code ${code}, signal ${signal})`);
  });
  proc.stderr.on('data', (d) => serverChannel && serverChannel.append(d.toString()));
  proc.stdin.on('error', () => { /* gopls gone */ });
  attachLsp(proc, (msg) => {
    if (msg.id !== undefined && msg.method) { // request from gopls
      let result = null;
      if (msg.method === 'workspace/configuration') {
        result = (msg.params.items || []).map((it) => {
          const uri = it.scopeUri ? vscode.Uri.parse(it.scopeUri) : null;
          return it.section ? plain(vscode.workspace.getConfiguration(undefined, uri).get(it.section)) : null;
        });
      } else if (msg.method === 'workspace/workspaceFolders') {
        result = folders;
      }
      send(proc, { id: msg.id, result });
    } else if (msg.id !== undefined) { // response
      const p = s.pending.get(msg.id);
      if (p) { s.pending.delete(msg.id); p(msg); }
    } else if (msg.method === 'window/logMessage' || msg.method === 'window/showMessage') {
      if (serverChannel) serverChannel.appendLine(`[${msg.method}] ${msg.params.message}`);
    }
  });
  s.request = (method, params) => new Promise((resolve) => {
    const id = s.nextId++;
    s.pending.set(id, resolve);
    send(proc, { id, method, params });
  });
  const info = {
    pid: proc.pid, goproxy: env.GOPROXY === undefined ? null : env.GOPROXY, gopls, reason, seq: s.seq,
    startedAt: new Date().toISOString(), activeEditor: vscode.window.activeTextEditor ? vscode.window.activeTextEditor.document.uri.toString() : null,
  };
  logLine('info', `started gopls pid ${proc.pid} (${reason}) GOPROXY=${info.goproxy}`);
  writeMarker(info);
  const rootUri = folders.length ? folders[0].uri : null;
  s.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'Visual Studio Code (go-env-doctor e2e stand-in for vscode-go)' },
    rootUri,
    workspaceFolders: folders,
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    initializationOptions: plain(vscode.workspace.getConfiguration(undefined, vscode.window.activeTextEditor ? vscode.window.activeTextEditor.document.uri : null).get('gopls')) || {},
  }).then((resp) => {
    if (resp.error) { logLine('error', `gopls initialize: ${JSON.stringify(resp.error)}`); return; }
    send(proc, { method: 'initialized', params: {} });
    const sv = resp.result && resp.result.serverInfo;
    let version = sv && sv.version;
    try { version = JSON.parse(version).Version || version; } catch { /* a plain string */ }
    logLine('info', `gopls pid ${proc.pid} initialized${sv ? ` (${sv.name} ${version || ''})` : ''}`);
    writeMarker(Object.assign({}, info, { initialized: true }), false);
  });
  return s;
}

// config.json: the settings the tests change, as VS Code (not the file on disk) has them now.
function writeConfigMarker(reason) {
  if (!markersDir) return;
  try {
    fs.mkdirSync(markersDir, { recursive: true });
    const info = { httpProxy: plain(vscode.workspace.getConfiguration('http', null).get('proxy')), reason, at: new Date().toISOString() };
    const tmp = path.join(markersDir, `.config.json.${process.pid}`);
    fs.writeFileSync(tmp, JSON.stringify(info, null, 2));
    fs.renameSync(tmp, path.join(markersDir, 'config.json'));
  } catch (e) {
    logLine('error', `config marker: ${e}`);
  }
}

function writeMarker(info, appendHistory = true) {
  if (!markersDir) return;
  try {
    fs.mkdirSync(markersDir, { recursive: true });
    const tmp = path.join(markersDir, `.gopls.json.${process.pid}`);
    fs.writeFileSync(tmp, JSON.stringify(info, null, 2));
    fs.renameSync(tmp, path.join(markersDir, 'gopls.json'));
    if (appendHistory) fs.appendFileSync(path.join(markersDir, 'gopls-history.jsonl'), JSON.stringify(info) + '\n');
  } catch (e) {
    logLine('error', `marker: ${e}`);
  }
}

function stopGopls() {
  const s = current;
  current = null;
  if (!s || s.exited) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { try { s.proc.kill('SIGKILL'); } catch { /* gone */ } }, 3000);
    s.proc.once('exit', () => { clearTimeout(timer); resolve(); });
    s.request('shutdown', null).then(() => send(s.proc, { method: 'exit' }));
  });
}

function restart(reason) {
  chain = chain.then(async () => {
    logLine('info', `go.languageserver.restart (${reason})`);
    await stopGopls();
    startGopls(reason);
  }).catch((e) => logLine('error', `restart: ${e && e.stack || e}`));
  return chain;
}

function setTelemetryEnvVars(globalState) {
  if (!process.env['GOTELEMETRY_GOPLS_CLIENT_TOKEN']) process.env['GOTELEMETRY_GOPLS_CLIENT_TOKEN'] = String(Math.floor(Math.random() * 1000) + 1);
  if (!process.env['GOTELEMETRY_GOPLS_CLIENT_START_TIME']) {
    let t = globalState.get('telemetryStartTime');
    if (!t) { t = Math.floor(Date.now() / 1000); globalState.update('telemetryStartTime', t); }
    process.env['GOTELEMETRY_GOPLS_CLIENT_START_TIME'] = String(t);
  }
}

async function activate(context) {
  log = vscode.window.createOutputChannel('Go', { log: true });
  serverChannel = vscode.window.createOutputChannel('gopls (server)');
  context.subscriptions.push(log, serverChannel);
  logLine('info', 'TEST-ONLY vscode-go stand-in activating');
  // Registered early, before gopls starts, as vscode-go does. Argument: optional RestartReason.
  context.subscriptions.push(vscode.commands.registerCommand('go.languageserver.restart',
    (reason) => restart(typeof reason === 'string' ? reason : 'manual')));
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider('go', debugConfigurationProvider),
    vscode.debug.registerDebugAdapterDescriptorFactory('go', debugAdapterFactory));
  setTelemetryEnvVars(context.globalState);
  await updateGoVarsFromConfig();
  // goMain.ts addConfigChangeListener (shared/reference/vscode-go.md §1.9, restart matrix): a
  // go.toolsEnvVars change restarts gopls; an http.proxy change does NOT ("TODO: Should we check
  // http.proxy too?"), so the running gopls keeps the HTTP(S)_PROXY it started with until it is
  // restarted (scenario stale-gopls relies on this).
  // TEST HOOK: a user changing a user setting in the Settings UI. The test writes
  // $GED_E2E_MARKERS/setting-request.json {section, key, value} and runs "E2E: Apply Setting
  // Request"; VS Code writes the user settings file itself and updates its configuration at once
  // (an external write of the file depends on code-server's file watcher, which was seen to miss
  // writes on a busy machine).
  context.subscriptions.push(vscode.commands.registerCommand('gedE2E.applySettingRequest', async () => {
    const req = JSON.parse(fs.readFileSync(path.join(markersDir, 'setting-request.json'), 'utf8'));
    await vscode.workspace.getConfiguration(req.section).update(req.key, req.value, vscode.ConfigurationTarget.Global);
    logLine('info', `applied setting request ${req.section}.${req.key}`);
    writeConfigMarker('setting request');
  }));
  writeConfigMarker('activation');
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (e) => {
    if (e.affectsConfiguration('http.proxy')) writeConfigMarker('change');
    if (e.affectsConfiguration('go.toolsEnvVars')) {
      await updateGoVarsFromConfig();
      await vscode.commands.executeCommand('go.languageserver.restart', 'config change');
    }
  }));
  chain = chain.then(() => { startGopls('activation'); });
  await chain;
  return {}; // vscode-go's ExtensionAPI is not modelled
}

// --- debugging: a real dlv dap --------------------------------------------------------------------

const debugAdapters = new Set();

// goDebugConfiguration.ts resolveDebugConfigurationWithSubstitutedVariables, dlv-dap branch:
// process.env is not merged into the launch env (the spawned dlv inherits it instead).
const debugConfigurationProvider = {
  resolveDebugConfigurationWithSubstitutedVariables(folder, config) {
    const toolsEnv = toolExecutionEnvironment(folder && folder.uri, false);
    config.env = Object.assign(toolsEnv, config.env || {});
    logLine('info', `debug configuration ${config.name}: env keys ${Object.keys(config.env).sort().join(' ')}`);
    return config;
  },
};

// goDebugFactory.ts spawnDlvDapServerProcess: dlv dap with process.env < launch env, in the folder;
// it prints the address it listens on.
const debugAdapterFactory = {
  createDebugAdapterDescriptor(session) {
    const config = session.configuration;
    const env = Object.assign({}, process.env, config.env || {});
    const dlv = process.env.GED_E2E_DLV || findOnPath('dlv', env.PATH) || 'dlv';
    const cwd = session.workspaceFolder ? session.workspaceFolder.uri.fsPath : getWorkspaceFolderPath();
    return new Promise((resolve, reject) => {
      const proc = cp.spawn(dlv, ['dap', '--listen=127.0.0.1:0'], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      debugAdapters.add(proc);
      let out = '';
      const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`${dlv} dap did not say where it listens: ${out}`)); }, 30000);
      proc.on('error', (e) => { clearTimeout(timer); reject(e); });
      proc.on('exit', (code, signal) => {
        debugAdapters.delete(proc);
        clearTimeout(timer);
        logLine('info', `dlv dap pid ${proc.pid} exited (code ${code}, signal ${signal})`);
        reject(new Error(`${dlv} dap exited: ${out}`));
      });
      proc.stderr.on('data', (d) => { out += d.toString(); });
      proc.stdout.on('data', (d) => {
        out += d.toString();
        const m = /listening at: ([\d.]+):(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          logLine('info', `dlv dap pid ${proc.pid} for ${config.name} listens on ${m[1]}:${m[2]}`);
          resolve(new vscode.DebugAdapterServer(Number(m[2]), m[1]));
        }
      });
    });
  },
};

function deactivate() {
  for (const p of debugAdapters) { try { p.kill('SIGKILL'); } catch { /* gone */ } }
  return stopGopls();
}

module.exports = { activate, deactivate };
