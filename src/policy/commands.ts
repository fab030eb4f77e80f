// What a command does, in the terms an approval gate cares about: whether it runs arbitrary code
// (a shell, an interpreter given code, a package runner, a wrapper around any command, a remote or
// container shell), whether it destroys something (files, git history, databases, infrastructure,
// clusters, volumes, cloud and platform resources, or an API reached over HTTP), or whether it runs
// files of the workspace (arbitrary once the agent may also edit them unasked). Every agent
// detector, the chain stage, `fix` and `guard` ask this one table.

import { table } from './table.js';
import { commandsIn, programName, runsItsArguments, shellScript, wrappedStart, type SimpleCommand } from './shell.js';

export type Capability = 'arbitrary-exec' | 'destructive' | 'workspace-run';

export type Family =
  | 'shell'
  | 'interpreter'
  | 'package-runner'
  | 'wrapper'
  | 'remote-shell'
  | 'filesystem'
  | 'git'
  | 'github'
  | 'http'
  | 'database'
  | 'migration'
  | 'iac'
  | 'kubernetes'
  | 'docker'
  | 'platform'
  | 'workspace';

export interface Effect {
  capability: Capability;
  family: Family;
  /** The platform whose resources it deletes, for platform and cloud CLIs: `railway`, `aws`, … */
  platform?: string;
  /** One sentence a user can read: "`npm exec` runs any package". */
  reason: string;
  /** The simple command that has the effect, as words joined by spaces. */
  command: string;
  /** How deep inside wrappers and nested shells that command sits (0: the line's own command). */
  depth?: number;
  /**
   * For arbitrary execution: the index of the word that chooses what runs (the package of `npx`,
   * the code after `python3 -c`). A rule that fixes that word fixes the code.
   */
  selector?: number;
}

const words = (...w: string[]): Set<string> => new Set(w);

/** Shells: given `-c` or no script they run any command (read from the string or stdin). */
const SHELLS = words('sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox', 'pwsh', 'powershell', 'cmd', 'su', 'eval', 'source', '.');

/** Interpreters, with the flags that take code on the command line. */
const INTERPRETERS: Record<string, readonly string[]> = table({
  python: ['-c'], python2: ['-c'], python3: ['-c'], py: ['-c'], pypy: ['-c'], pypy3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'], nodejs: ['-e', '--eval', '-p', '--print'],
  deno: ['eval', 'repl'], bun: ['-e', '--eval', '-p', '--print', 'x', 'repl'],
  ruby: ['-e'], perl: ['-e', '-E'], php: ['-r'], osascript: ['-e'], Rscript: ['-e'], R: ['-e'],
  tsx: ['-e', '--eval', '-p', '--print'], 'ts-node': ['-e', '--eval', '-p', '--print'],
  lua: ['-e'], luajit: ['-e'], julia: ['-e'], tclsh: [], groovy: ['-e'], jshell: [], swift: ['-e'], awk: [], gawk: [],
});

/** Editors that run commands given on the command line (`vim -c '!cmd'`, `nvim +'!cmd'`, `emacs --eval`). */
const EDITOR_CODE: Record<string, RegExp> = table({
  vim: /^(-c|--cmd|-S|\+.+)$/, nvim: /^(-c|--cmd|-S|-l|\+.+)$/, vi: /^(-c|--cmd|-S|\+.+)$/, ex: /^(-c|--cmd|-S|\+.+)$/, gvim: /^(-c|--cmd|-S|\+.+)$/, view: /^(-c|--cmd|-S|\+.+)$/,
  emacs: /^(--eval|-l|--load|-f|--funcall|--script)$/,
});

/** A script path that is standard input: the code comes from the pipe, chosen by no word of the line. */
const STDIN_PATH = /(^|\/)(dev\/stdin|dev\/fd\/0|proc\/self\/fd\/0)$/;

/** Running a named module or file: workspace code (or, for `-m pip`, installation). */
const VERSION_FLAGS = words('--version', '-V', '-v', '--help', '-h', 'version', 'help');

/** Package runners: the first word, or the first two, run any package or command. */
const RUNNERS: Record<string, readonly string[] | true> = table({
  npx: true, bunx: true, pnpx: true, uvx: true, pipx: ['run'], npm: ['exec', 'x'], pnpm: ['dlx', 'exec', 'x'], yarn: ['dlx', 'exec'],
  bun: ['x', 'exec'], uv: ['run', 'tool', 'x'], go: ['run'], cargo: ['run', 'install'], deno: ['run', 'x'], poetry: ['run'], pdm: ['run'], hatch: ['run'],
  rye: ['run'], conda: ['run'], mamba: ['run'], pixi: ['run', 'exec'], mise: ['exec', 'x', 'run'], asdf: ['exec'], nix: ['run', 'shell', 'develop'],
  'nix-shell': true, bundle: ['exec'], dotnet: ['run', 'exec', 'tool'], gem: ['exec'], composer: ['exec', 'run-script', 'run'], corepack: true,
  devbox: ['run'], direnv: ['exec'], aws: ['ssm'],
});

/** Remote and container shells: the arguments run on another machine or in a container. */
const REMOTE: Record<string, readonly string[] | true> = table({
  ssh: true, mosh: true, docker: ['run', 'exec'], podman: ['run', 'exec'], nerdctl: ['run', 'exec'], kubectl: ['exec', 'run', 'debug'], oc: ['exec', 'rsh', 'run', 'debug'],
  adb: ['shell'], gcloud: ['ssh'], railway: ['run', 'ssh', 'shell', 'connect'], fly: ['ssh', 'console'], flyctl: ['ssh', 'console'], heroku: ['run'],
  vagrant: ['ssh'], 'docker-compose': ['run', 'exec'], tmux: ['send-keys', 'new-session', 'new-window'],
});

/** Tools that run the workspace's own scripts, tests or build files. */
const WORKSPACE_RUNNERS: Record<string, readonly string[] | true> = table({
  npm: ['run', 'run-script', 'test', 't', 'start', 'restart', 'stop', 'install', 'i', 'ci', 'rebuild', 'pack', 'publish'],
  pnpm: true, yarn: true, bun: ['run', 'test', 'install', 'i'], make: true, gmake: true, just: true, task: true, cmake: ['--build'], ninja: true,
  pytest: true, 'py.test': true, tox: true, nox: true, jest: true, vitest: true, mocha: true, ava: true, playwright: ['test'], cypress: ['run'],
  go: ['test', 'generate', 'build', 'install'], cargo: ['test', 'build', 'bench', 'check', 'clippy'], gradle: true, gradlew: true, mvn: true, mvnw: true, ant: true,
  rake: true, rails: ['runner', 'test'], rspec: true, phpunit: true, dotnet: ['test', 'build'], turbo: ['run'], nx: true, lerna: ['run', 'exec'], deno: ['task', 'test'],
  jupyter: ['execute', 'nbconvert', 'run'], vite: true, webpack: true, next: true, nuxt: true, poe: true, invoke: true, grunt: true, gulp: true, composer: ['install', 'update'],
  pip: ['install'], pip3: ['install'], uv: ['sync', 'pip'], poetry: ['install'], bundle: ['install'],
});

interface PlatformCli {
  platform: string;
  /** Subcommand words that delete, destroy or reset. */
  deletes: RegExp;
}

/** Platform and cloud CLIs, and the subcommand words with which they delete resources. */
const PLATFORMS: Record<string, PlatformCli> = table({
  railway: { platform: 'railway', deletes: /^(delete|down|remove|rm|unlink)$/ },
  fly: { platform: 'fly', deletes: /^(destroy|delete|remove|rm|detach)$/ },
  flyctl: { platform: 'fly', deletes: /^(destroy|delete|remove|rm|detach)$/ },
  vercel: { platform: 'vercel', deletes: /^(remove|rm|delete)$/ },
  netlify: { platform: 'netlify', deletes: /^(sites:delete|env:unset|delete)$/ },
  supabase: { platform: 'supabase', deletes: /^(delete|reset|stop|remove|rm)$/ },
  neonctl: { platform: 'neon', deletes: /^(delete|reset|rm)$/ },
  neon: { platform: 'neon', deletes: /^(delete|reset|rm)$/ },
  heroku: { platform: 'heroku', deletes: /^(apps:destroy|destroy|pg:reset|addons:destroy|apps:delete|pg:killall|config:unset)$/ },
  doctl: { platform: 'digitalocean', deletes: /^(delete|rm|d)$/ },
  gcloud: { platform: 'gcp', deletes: /^(delete|remove|rm|reset)$/ },
  gsutil: { platform: 'gcp', deletes: /^(rm|rb)$/ },
  az: { platform: 'azure', deletes: /^(delete|purge|remove)$/ },
  aws: { platform: 'aws', deletes: /^(rb|rm|delete-.*|terminate-.*|remove-.*|purge-.*|deregister-.*)$/ },
  wrangler: { platform: 'cloudflare', deletes: /^(delete|rm)$/ },
  firebase: { platform: 'firebase', deletes: /^(.*:delete|delete)$/ },
  pscale: { platform: 'planetscale', deletes: /^(delete|rm)$/ },
  turso: { platform: 'turso', deletes: /^(destroy|delete|rm)$/ },
  render: { platform: 'render', deletes: /^(delete|rm)$/ },
  hcloud: { platform: 'hetzner', deletes: /^(delete)$/ },
  linode: { platform: 'linode', deletes: /^(delete|rm)$/ },
  'linode-cli': { platform: 'linode', deletes: /^(delete|rm)$/ },
  vultr: { platform: 'vultr', deletes: /^(delete)$/ },
  'vultr-cli': { platform: 'vultr', deletes: /^(delete)$/ },
  upsun: { platform: 'upsun', deletes: /^(.*:delete|delete)$/ },
  platform: { platform: 'platformsh', deletes: /^(.*:delete|delete)$/ },
  coolify: { platform: 'coolify', deletes: /^(delete|remove)$/ },
  atlas: { platform: 'mongodb-atlas', deletes: /^(delete)$/ },
  mongocli: { platform: 'mongodb-atlas', deletes: /^(delete)$/ },
  s3cmd: { platform: 'aws', deletes: /^(rb|del|rm)$/ },
  rclone: { platform: 'storage', deletes: /^(delete|purge|rmdir|rmdirs|sync|deletefile)$/ },
  mc: { platform: 'minio', deletes: /^(rb|rm)$/ },
  pulumi: { platform: 'pulumi', deletes: /^(destroy|down|rm)$/ },
  sst: { platform: 'aws', deletes: /^(remove)$/ },
  serverless: { platform: 'aws', deletes: /^(remove)$/ },
  sls: { platform: 'aws', deletes: /^(remove)$/ },
  cdk: { platform: 'aws', deletes: /^(destroy)$/ },
  cdktf: { platform: 'terraform', deletes: /^(destroy)$/ },
  helm: { platform: 'kubernetes', deletes: /^(uninstall|delete|del|un)$/ },
});

const DATABASE_CLIS = words('psql', 'pg_restore', 'dropdb', 'mysql', 'mariadb', 'mysqladmin', 'mongosh', 'mongo', 'redis-cli', 'valkey-cli', 'sqlite3', 'sqlcmd', 'clickhouse-client', 'cqlsh', 'duckdb', 'cockroach', 'usql', 'pgcli', 'mycli', 'litecli');
/** SQL and store commands that destroy data. */
const DESTRUCTIVE_SQL = /\b(drop\s+(database|schema|table|owned|index|view|user|role)|truncate\b|delete\s+from\b|alter\s+table\b[^;]*\bdrop\b|flushall|flushdb|dropdatabase\s*\(|\.drop\s*\(|deletemany\s*\(|dropdb\b|\bdel\s)/i;

const TERRAFORM = words('terraform', 'tofu', 'opentofu', 'terragrunt');

const flagSet = (args: readonly string[]): Set<string> => new Set(args.filter((a) => a.startsWith('-')));

/** Whether a short-option cluster or long option names a flag: `-rf` has `f`. */
const hasShort = (args: readonly string[], letter: string): boolean => args.some((a) => /^-[a-zA-Z]+$/.test(a) && a.includes(letter));

/** Paths whose removal destroys the project, the home directory or the machine. */
const CATASTROPHIC_PATH = /^(\/|\/\*|~|~\/|~\/\*|\$HOME\/?\*?|\$\{HOME\}\/?|\.|\.\/|\.\/\*|\*|\.\.(\/.*)?|\/[a-z]+\/?|\$[A-Z_]*DIR\/?|\$PWD\/?)$/;

function filesystem(name: string, args: readonly string[], text: string): Effect[] {
  const destroy = (reason: string): Effect[] => [{ capability: 'destructive', family: 'filesystem', reason, command: text }];
  if (name === 'rm') {
    const targets = args.filter((a) => !a.startsWith('-'));
    const recursive = hasShort(args, 'r') || hasShort(args, 'R') || args.includes('--recursive');
    if (targets.some((t) => CATASTROPHIC_PATH.test(t) || (t.startsWith('/') && !t.startsWith('/tmp/')) || t.startsWith('~') || t.startsWith('$HOME') || t.includes('..')))
      return destroy(`\`${text}\` deletes ${recursive ? 'a whole tree' : 'files'} outside a build folder`);
    return [];
  }
  if (name === 'shred' || name.startsWith('mkfs') || name === 'wipefs' || name === 'fdisk' || name === 'parted') return destroy(`\`${name}\` destroys disks or files beyond recovery`);
  if (name === 'dd' && args.some((a) => a.startsWith('of='))) return destroy('`dd of=…` overwrites a file or a whole disk');
  if (name === 'find' && args.includes('-delete')) return destroy('`find -delete` deletes every file it matches');
  return [];
}

function git(args: readonly string[], text: string): Effect[] {
  const sub = args.find((a) => !a.startsWith('-'));
  const rest = args.slice(args.indexOf(sub as string) + 1);
  const flags = flagSet(rest);
  const destroy = (reason: string): Effect[] => [{ capability: 'destructive', family: 'git', reason, command: text }];
  if (sub === 'push') {
    if (flags.has('--force') || hasShort(rest, 'f') || flags.has('--mirror') || flags.has('--delete') || hasShort(rest, 'd') || flags.has('--prune') || rest.some((a) => /^\+|^:/.test(a)))
      return destroy('`git push --force` (or `--delete`, `--mirror`) rewrites or deletes history on the remote');
  }
  if (sub === 'clean' && (hasShort(rest, 'f') || flags.has('--force'))) return destroy('`git clean -f` deletes untracked files (local databases, `.env`, uncommitted work)');
  if (sub === 'reset' && flags.has('--hard')) return destroy('`git reset --hard` throws away uncommitted work');
  if (sub === 'filter-branch' || sub === 'filter-repo') return destroy(`\`git ${sub}\` rewrites the whole history`);
  // `git branch -D` is not here: it deletes a local name, and the commits stay in the reflog and on the remote.
  return [];
}

function github(args: readonly string[], text: string): Effect[] {
  const destroy = (reason: string): Effect[] => [{ capability: 'destructive', family: 'github', platform: 'github', reason, command: text }];
  if (args[0] === 'api') {
    const method = args.findIndex((a) => a === '-X' || a === '--method');
    const m = method >= 0 ? args[method + 1] : args.find((a) => /^(-X|--method=)/.test(a))?.replace(/^(-X|--method=)/, '');
    if (m && /^(DELETE|PUT|PATCH|POST)$/i.test(m)) return destroy(`\`gh api -X ${m.toUpperCase()}\` changes or deletes anything the token can reach`);
    return [];
  }
  if (/^delete/.test(args[1] ?? '') || (args[0] === 'repo' && args[1] === 'archive')) return destroy(`\`${text}\` deletes GitHub resources`);
  return [];
}

function http(name: string, args: readonly string[], text: string): Effect[] {
  const joined = args.join(' ');
  const method = /(?:^|\s)(?:-X|--request)\s*=?\s*['"]?(DELETE|PUT|PATCH|POST)\b/i.exec(joined)?.[1] ?? (/^(DELETE|PUT|PATCH|POST)$/i.test(args[0] ?? '') ? args[0] : undefined);
  const mutation = /\b(mutation|[a-z]+Delete|delete[A-Z]\w*|drop|destroy)\b/.test(joined);
  if ((method && /DELETE/i.test(method)) || mutation) return [{ capability: 'destructive', family: 'http', reason: `\`${name}\` sends a delete request (${method?.toUpperCase() ?? 'a GraphQL mutation'}) to an API with whatever token it is given`, command: text }];
  return [];
}

function database(name: string, args: readonly string[], text: string): Effect[] {
  if (name === 'dropdb') return [{ capability: 'destructive', family: 'database', reason: '`dropdb` drops a database', command: text }];
  if (name === 'mysqladmin' && args.includes('drop')) return [{ capability: 'destructive', family: 'database', reason: '`mysqladmin drop` drops a database', command: text }];
  const sql = args.join(' ');
  if (DESTRUCTIVE_SQL.test(sql)) return [{ capability: 'destructive', family: 'database', reason: `\`${name}\` runs SQL that drops or deletes data`, command: text }];
  return [];
}

function migration(name: string, args: readonly string[], text: string): Effect[] {
  const joined = `${name} ${args.join(' ')}`;
  const destructive =
    /\bprisma\s+(migrate\s+reset|db\s+push\b.*--(force-reset|accept-data-loss))/.test(joined) ||
    /\bdrizzle-kit\s+(drop|push)\b/.test(joined) ||
    /\b(rails|rake|bin\/rails)\s+db:(drop|reset|purge|schema:load|migrate:reset)\b/.test(joined) ||
    /\b(manage\.py|django-admin)\s+(flush|reset_db|sqlflush)\b/.test(joined) ||
    /\b(sequelize|sequelize-cli)\s+db:(drop|migrate:undo:all)\b/.test(joined) ||
    /\bknex\s+migrate:rollback\b.*--all/.test(joined) ||
    /\b(dbmate|goose|migrate)\b.*\b(drop|reset|down)\b/.test(joined) ||
    /\btypeorm\s+schema:drop\b/.test(joined) ||
    /\batlas\s+schema\s+(apply|clean)\b/.test(joined) ||
    /\bsupabase\s+db\s+reset\b/.test(joined) ||
    /\bartisan\s+(migrate:(fresh|reset|refresh)|db:wipe)\b/.test(joined);
  return destructive ? [{ capability: 'destructive', family: 'migration', reason: `\`${text}\` drops or resets the database schema and its data`, command: text }] : [];
}

function infrastructure(name: string, args: readonly string[], text: string): Effect[] {
  const sub = args.find((a) => !a.startsWith('-'));
  if (TERRAFORM.has(name) && (sub === 'destroy' || sub === 'apply' || (sub === 'state' && args.includes('rm')) || sub === 'import' || (sub === 'workspace' && args.includes('delete'))))
    return [{ capability: 'destructive', family: 'iac', platform: 'terraform', reason: `\`${name} ${sub}\` ${sub === 'apply' ? 'can replace or delete' : 'deletes'} the infrastructure the state manages`, command: text }];
  if ((name === 'kubectl' || name === 'oc') && sub !== undefined && /^(delete|drain|replace|patch|scale|apply|cordon|taint)$/.test(sub) && (sub === 'delete' || sub === 'drain' || args.includes('--force') || args.includes('--prune') || sub === 'scale'))
    return [{ capability: 'destructive', family: 'kubernetes', platform: 'kubernetes', reason: `\`kubectl ${sub}\` deletes or stops cluster resources`, command: text }];
  if (name === 'docker' || name === 'podman' || name === 'nerdctl' || name === 'docker-compose') {
    const joined = args.join(' ');
    if (/\b(volume\s+(rm|prune)|system\s+prune|container\s+prune|image\s+prune\s+-a|rm\s+(-\w*v|--volumes)|compose\s+(down|rm)\b.*(-v\b|--volumes)|^down\b.*(-v\b|--volumes))/.test(joined) || (name === 'docker-compose' && /^(down|rm)\b.*(-v\b|--volumes)/.test(joined)))
      return [{ capability: 'destructive', family: 'docker', platform: 'docker', reason: `\`${text}\` deletes volumes and the data in them`, command: text }];
  }
  const cli = PLATFORMS[name];
  // The subcommand sits among the first few words (`fly volumes destroy`, `gcloud sql instances delete`).
  const verb = cli ? args.filter((a) => !a.startsWith('-')).slice(0, 4).find((a) => cli.deletes.test(a)) : undefined;
  if (cli && verb) return [{ capability: 'destructive', family: 'platform', platform: cli.platform, reason: `\`${name} … ${verb}\` deletes ${cli.platform} resources`, command: text }];
  return [];
}

/** Whether `words` (after the program) select one of a table's subcommands; `true` means any use. */
function selects(table: Record<string, readonly string[] | true>, name: string, args: readonly string[]): string | undefined {
  const entry = table[name];
  if (entry === undefined) return undefined;
  if (entry === true) return name;
  const first = args.find((a) => !a.startsWith('-'));
  if (first === undefined) return undefined;
  if (entry.includes(first)) return `${name} ${first}`;
  // gcloud compute ssh, aws ssm start-session: the selecting word may come second.
  if ((name === 'gcloud' || name === 'aws') && args.some((a) => entry.includes(a))) return `${name} ${entry.find((e) => args.includes(e))}`;
  return undefined;
}

/** Effects of one simple command, not following what it runs (the shell module did that). */
export function effectsOfCommand(cmd: SimpleCommand): Effect[] {
  const [first, ...args] = cmd.words;
  if (first === undefined) return [];
  const name = programName(first);
  const text = cmd.words.join(' ');
  const effects: Effect[] = [];
  const exec = (family: Family, reason: string, selector?: number): void =>
    void effects.push({ capability: 'arbitrary-exec', family, reason, command: text, ...(selector !== undefined ? { selector } : {}) });
  /** The first word at or after `from` that is not an option: what a runner or interpreter is given. */
  const operandAt = (from: number): number => {
    let i = from;
    while (i < cmd.words.length && (cmd.words[i] as string).startsWith('-') && cmd.words[i] !== '-') i++;
    return i;
  };
  const workspace = (reason: string): void => void effects.push({ capability: 'workspace-run', family: 'workspace', reason, command: text });
  const quiet = args.length > 0 && args.every((a) => VERSION_FLAGS.has(a));

  if (SHELLS.has(name.toLowerCase()) && !quiet) {
    if (name === 'eval') exec('shell', '`eval` runs any command');
    else if (name === 'source' || name === '.') workspace(`\`${name}\` runs a script file in the current shell`);
    else if (shellScript(cmd.words) !== undefined || args.filter((a) => !a.startsWith('-')).length === 0 || STDIN_PATH.test(args.find((a) => !a.startsWith('-')) ?? ''))
      exec('shell', `\`${name}\` runs any command it is given`, shellScript(cmd.words) === undefined ? cmd.words.length : operandAt(1));
    else workspace(`\`${name}\` runs a script file`);
  }
  const codeFlags = INTERPRETERS[name] ?? (/^python3\.\d+$/.test(name) ? INTERPRETERS.python3 : undefined);
  if (codeFlags && !quiet) {
    const operands = args.filter((a) => !a.startsWith('-'));
    const fromStdin = operands.length === 0 || operands[0] === '-' || STDIN_PATH.test(operands[0] ?? '');
    if (args.some((a) => codeFlags.includes(a) || codeFlags.some((f) => f.startsWith('-') && f.length === 2 && a.startsWith(f) && a.length > 2 && !a.startsWith('--'))) || (operands.length === 0 && !args.includes('-m')) || fromStdin)
      // Code read from standard input (`python3 -`, bare `node`, `/dev/stdin`) is chosen by no word of the line.
      exec('interpreter', `\`${name}\` runs code given on the command line`, fromStdin ? cmd.words.length : operandAt(1) + (codeFlags.includes(cmd.words[operandAt(1)] ?? '') ? 1 : 0));
    else if (name !== 'bun' && name !== 'deno') workspace(`\`${name}\` runs a script or module of the workspace`);
  }
  const editor = EDITOR_CODE[name];
  if (editor && !quiet) {
    const at = args.findIndex((a) => editor.test(a));
    // The code is the word after a flag, or the `+cmd` word itself (word indices count the program).
    if (at >= 0) exec('interpreter', `\`${name}\` runs editor commands given on the command line, and \`:!\` runs any shell command`, (args[at] as string).startsWith('+') ? at + 1 : at + 2);
  }
  const runner = selects(RUNNERS, name, args);
  if (runner && !quiet) {
    const sub = runner.split(' ')[1];
    exec('package-runner', `\`${runner}\` runs any package or command`, operandAt(sub ? cmd.words.indexOf(sub) + 1 : 1));
  }
  const remote = selects(REMOTE, name, args);
  if (remote) exec('remote-shell', `\`${remote}\` runs commands on another machine or in a container`);
  if (runsItsArguments(name) && !quiet) exec('wrapper', `\`${name}\` runs the command given as its arguments`, wrappedStart(name, cmd.words));
  if (name === 'find' && args.some((a) => /^-(exec|execdir|ok|okdir)$/.test(a))) exec('wrapper', '`find -exec` runs a command on every file it matches');
  if (name === 'git' && args.some((a) => /^alias\.|^core\.(pager|sshCommand|editor|fsmonitor|hooksPath)=/.test(a))) exec('wrapper', '`git -c` can set an alias or hook that runs any command');
  if (!codeFlags && !runner && !remote && !effects.some((e) => e.capability === 'arbitrary-exec')) {
    const ws = selects(WORKSPACE_RUNNERS, name, args);
    if (ws && !quiet && !(ws === name && WORKSPACE_RUNNERS[name] !== true)) workspace(`\`${ws}\` runs scripts or tests of the workspace`);
    else if (/^\.{0,2}\//.test(first) && !first.startsWith('/')) workspace(`\`${first}\` runs a file of the workspace`);
  }
  effects.push(...filesystem(name, args, text));
  if (name === 'git') effects.push(...git(args, text));
  if (name === 'gh') effects.push(...github(args, text));
  if (/^(curl|wget|http|https|xh|httpie)$/.test(name)) effects.push(...http(name, args, text));
  if (DATABASE_CLIS.has(name)) effects.push(...database(name, args, text));
  effects.push(...migration(name, args, text));
  effects.push(...infrastructure(name, args, text));
  return effects;
}

/** Every effect of a command line: each simple command it runs, nested shells and wrappers followed. */
export function effectsOf(line: string): Effect[] {
  return commandsIn(line).flatMap((cmd) => effectsOfCommand(cmd).map((e) => ({ ...e, depth: cmd.via.length })));
}

/** The worst capability among effects: arbitrary execution, then destruction, then workspace runs. */
export function worst(effects: readonly Effect[]): Effect | undefined {
  return effects.find((e) => e.capability === 'arbitrary-exec') ?? effects.find((e) => e.capability === 'destructive') ?? effects.find((e) => e.capability === 'workspace-run');
}
