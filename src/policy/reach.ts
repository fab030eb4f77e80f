// What an approval entry reaches. An allow rule names a command prefix (`npm`, `git push`,
// `python3 -c`) and may leave the rest open; what it approves is every command that starts that
// way. This module turns a prefix into the concrete commands it covers that matter — an escape to
// arbitrary execution (`npm exec …`, `python3 -c …`, `env …`) or a destructive command
// (`docker volume rm …`, `git push --force`) — each with its effect. The detector then asks its
// own tool's matcher whether each command really runs unasked (deny and ask rules may still stop
// it), so this only has to propose: what it proposes is checked.

import { effectsOf, type Effect } from './commands.js';
import { SHELL_PROBES } from './probes.js';

/** A destructive payload for escapes that run "any command". */
const PAYLOAD = 'railway volume delete --volume pgdata';

const INTERPRETER_EXAMPLES: Record<string, string> = {
  python: "-c \"import shutil; shutil.rmtree('.')\"",
  python3: "-c \"import shutil; shutil.rmtree('.')\"",
  py: "-c \"import shutil; shutil.rmtree('.')\"",
  node: "-e \"require('fs').rmSync('.', { recursive: true })\"",
  deno: "eval \"Deno.removeSync('.', { recursive: true })\"",
  bun: "-e \"require('fs').rmSync('.', { recursive: true })\"",
  ruby: "-e \"require 'fileutils'; FileUtils.rm_rf('.')\"",
  perl: "-e \"system('rm -rf .')\"",
  php: "-r \"system('rm -rf .');\"",
  osascript: "-e 'do shell script \"rm -rf ~\"'",
  Rscript: "-e \"unlink('.', recursive = TRUE)\"",
  lua: "-e \"os.execute('rm -rf .')\"",
  tsx: "-e \"require('fs').rmSync('.', { recursive: true })\"",
  'ts-node': "-e \"require('fs').rmSync('.', { recursive: true })\"",
  nvim: "--headless -c '!rm -rf ~' -c q",
  vim: "-es -c '!rm -rf ~' -c q",
  vi: "-c '!rm -rf ~' -c q",
  emacs: "--batch --eval \"(delete-directory \\\".\\\" t)\"",
};

/**
 * Concrete commands that show an escape or a destructive family, as a user would type them. A
 * prefix that starts one of these covers it; each is classified by the command model, never by
 * its place in this list.
 */
const EXAMPLES: readonly string[] = [
  ...Object.entries(INTERPRETER_EXAMPLES).map(([name, code]) => `${name} ${code}`),
  `bash -c '${PAYLOAD}'`, `sh -c '${PAYLOAD}'`, `zsh -c '${PAYLOAD}'`, `fish -c '${PAYLOAD}'`, `pwsh -c '${PAYLOAD}'`, `cmd /c ${PAYLOAD}`, `eval '${PAYLOAD}'`,
  `npm exec -- ${PAYLOAD}`, `npm x -- ${PAYLOAD}`, `npx -y @railway/cli volume delete --volume pgdata`, `pnpm dlx @railway/cli volume delete`, `pnpm exec ${PAYLOAD}`,
  `yarn dlx @railway/cli volume delete`, `yarn exec ${PAYLOAD}`, `bun x @railway/cli volume delete`, `bunx @railway/cli volume delete`, `uvx --from awscli aws s3 rb s3://acme-backups --force`,
  `uv run -- ${PAYLOAD}`, `uv tool run awscli s3 rb s3://acme-backups --force`, `pipx run awscli s3 rb s3://acme-backups --force`, `go run github.com/acme/wipe@latest`,
  `cargo run --bin wipe`, `deno run -A npm:@railway/cli volume delete`, `poetry run ${PAYLOAD}`, `pdm run ${PAYLOAD}`, `bundle exec ${PAYLOAD}`, `mise exec -- ${PAYLOAD}`,
  `nix run nixpkgs#railway -- volume delete`, `dotnet tool run wipe`, `composer exec ${PAYLOAD}`,
  `env ${PAYLOAD}`, `command ${PAYLOAD}`, `builtin eval '${PAYLOAD}'`, `exec ${PAYLOAD}`, `xargs -I{} ${PAYLOAD}`, `find . -exec rm -rf {} +`, `find . -delete`,
  `timeout 60 ${PAYLOAD}`, `nice ${PAYLOAD}`, `nohup ${PAYLOAD}`, `sudo ${PAYLOAD}`, `doas ${PAYLOAD}`, `watch ${PAYLOAD}`, `time ${PAYLOAD}`, `script -c '${PAYLOAD}'`,
  `ssh prod-db 'dropdb app'`, `docker run --rm -v /:/host alpine rm -rf /host`, `docker exec db psql -U postgres -c "DROP DATABASE app"`, `docker volume rm pgdata`,
  'docker system prune -a --volumes -f', 'docker compose down -v', 'docker-compose down -v', 'podman volume rm pgdata', `kubectl exec -it db-0 -- ${PAYLOAD}`,
  'kubectl delete namespace production', 'kubectl delete pvc data-db-0', 'helm uninstall app', 'adb shell rm -rf /sdcard', `gcloud compute ssh vm -- '${PAYLOAD}'`,
  `railway run ${PAYLOAD}`, 'railway volume delete --volume pgdata', 'railway delete --yes', 'railway down', 'fly apps destroy app --yes', 'fly volumes destroy vol --yes',
  'flyctl apps destroy app --yes', `fly ssh console -C '${PAYLOAD}'`, 'vercel remove app --yes', 'vercel project rm app', 'netlify sites:delete', 'supabase projects delete ref',
  'supabase db reset --linked', 'neonctl projects delete app', 'neonctl branches delete main', 'heroku apps:destroy app --confirm app', 'heroku pg:reset DATABASE_URL', `heroku run ${PAYLOAD}`,
  'doctl databases delete id --force', 'gcloud sql instances delete db --quiet', 'gcloud projects delete acme', 'az group delete -n rg --yes', 'aws s3 rb s3://acme-backups --force',
  'aws s3 rm s3://acme-backups --recursive', 'aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot', 'wrangler delete', 'wrangler d1 delete app',
  'gsutil rm -r gs://acme-backups', 'mc rb --force minio/backups', 'rclone purge remote:backups', 'pulumi destroy --yes', 'cdk destroy --force', 'sst remove --stage production',
  'serverless remove', 'terraform destroy -auto-approve', 'terraform apply -auto-approve', 'tofu destroy -auto-approve', 'terragrunt destroy', 'terraform state rm aws_db_instance.main',
  'psql -c "DROP DATABASE app"', 'mysql -e "DROP DATABASE app"', 'mariadb -e "DROP DATABASE app"', 'mongosh --eval "db.dropDatabase()"', 'redis-cli FLUSHALL', 'sqlite3 app.db "DROP TABLE users"',
  'dropdb app', 'prisma migrate reset --force', 'prisma db push --force-reset', 'drizzle-kit drop', 'drizzle-kit push --force', 'rails db:drop', 'bin/rails db:drop', 'rake db:drop',
  'python manage.py flush --no-input', 'php artisan migrate:fresh --force', 'sequelize db:drop', 'typeorm schema:drop',
  'git push --force origin main', 'git push origin main --force', 'git push -f', 'git push origin --delete main', 'git clean -fdx', 'git reset --hard origin/main',
  'git filter-branch --force', 'git branch -D main', 'git -c alias.x=!sh x', 'gh repo delete acme/app --yes', 'gh api -X DELETE repos/acme/app', 'gh release delete v1 --yes',
  'curl -X DELETE https://api.example.test/v1/volumes/pgdata', ...SHELL_PROBES.map((p) => p.command), "wget --method=DELETE https://api.example.test/v1/volumes/pgdata",
  'rm -rf ~', 'rm -rf /', 'dd if=/dev/zero of=/dev/sda', 'mkfs.ext4 /dev/sda1',
  'npm run build', 'npm run-script build', 'npm test', 'npm start', 'npm install', 'pnpm build', 'pnpm run build', 'pnpm test', 'yarn build', 'yarn test', 'bun run build', 'bun test',
  'make', 'make build', 'just build', 'task build', 'pytest', 'python -m pytest', 'python3 -m pytest', 'jest', 'vitest run', 'npx vitest run', 'mocha', 'go test ./...', 'go generate ./...',
  'cargo test', 'cargo build', './gradlew test', 'gradle test', 'mvn test', './mvnw test', 'tox', 'rake test', 'rspec', 'bundle exec rspec', 'deno task build', 'turbo run build', 'nx test',
  './scripts/deploy.sh', 'bash scripts/deploy.sh', 'sh ./scripts/deploy.sh', 'tsx scripts/seed.ts', 'ts-node scripts/seed.ts', 'python scripts/seed.py', 'node scripts/seed.js',
];

export interface Opening {
  /** The concrete command the entry lets run. */
  command: string;
  /** Its worst effect. */
  effect: Effect;
}

/** Whitespace-separated words; quotes are left in place, since prefixes are compared as typed. */
const split = (s: string): string[] => s.trim().split(/\s+/).filter((w) => w !== '');

/** The examples split into words, once. */
let exampleWords: { command: string; words: string[] }[] | undefined;
const examples = (): { command: string; words: string[] }[] => (exampleWords ??= EXAMPLES.map((command) => ({ command, words: split(command) })));

/** Effects by command: the examples recur for every entry, so each is parsed once per scan. */
const effectCache = new Map<string, Effect[]>();
function cachedEffects(command: string): Effect[] {
  let effects = effectCache.get(command);
  if (!effects) {
    if (effectCache.size > 20_000) effectCache.clear();
    effects = effectsOf(command);
    effectCache.set(command, effects);
  }
  return effects;
}

/** Whether `words` start with the prefix's words (the last one maybe partial, as in `npm*`). */
function startsWithWords(w: readonly string[], prefix: readonly string[], partial: boolean): boolean {
  if (w.length < prefix.length) return false;
  return prefix.every((p, i) => (partial && i === prefix.length - 1 ? (w[i] as string).startsWith(p) : w[i] === p));
}

const RANK: Record<Effect['capability'], number> = { 'arbitrary-exec': 0, destructive: 1, 'workspace-run': 2 };

/**
 * The effect that matters most for one command the entry covers. `fixed` is how many leading
 * words the entry fixes: a runner or interpreter whose package or code sits among them runs that
 * fixed thing, not anything (`npx drizzle-kit *` runs drizzle-kit). A command built by appending a
 * payload counts only for what the payload does inside a wrapper, never for the prefix's own verb.
 */
function mainEffect(command: string, fixed: number, closed: boolean, editsApproved: boolean, appended: boolean): Effect | undefined {
  return cachedEffects(command)
    .filter((e) => (e.capability === 'workspace-run' ? editsApproved : true))
    // An exact command runs only its own text; a prefix fixes the code when it fixes the selecting word.
    .filter((e) => !(e.capability === 'arbitrary-exec' && e.depth === 0 && (e.selector !== undefined ? e.selector < fixed : closed)))
    .filter((e) => !(e.capability === 'arbitrary-exec' && (e.depth ?? 0) > 0 && closed))
    .filter((e) => !appended || (e.depth ?? 0) > 0 || e.capability === 'arbitrary-exec')
    .sort((a, b) => RANK[a.capability] - RANK[b.capability])[0];
}

/** Words whose text the entry fixes: all of them for an exact command, else all but a last word left open or unbalanced. */
function fixedWords(query: ReachQuery, words: readonly string[]): number {
  if (!query.open) return words.length;
  const last = words[words.length - 1] ?? '';
  const unbalanced = (last.split("'").length - 1) % 2 === 1 || (last.split('"').length - 1) % 2 === 1;
  return query.partial || unbalanced ? words.length - 1 : words.length;
}

export interface ReachQuery {
  /** The literal start of the commands the entry covers, e.g. `npm run` for `Bash(npm run:*)`. */
  prefix: string;
  /** The entry covers anything after the prefix (a trailing wildcard, a prefix match). */
  open: boolean;
  /** The prefix's last word may continue (`Bash(npm*)`): `npm` also covers `npmx`. */
  partial?: boolean;
  /** File edits run unasked, so commands that run workspace files run whatever the agent writes. */
  editsApproved?: boolean;
}

/**
 * The commands an entry covers that open the gate: escapes and destructive commands, worst first.
 * A closed entry (an exact command) is judged as itself: a fixed `python3 -c "print(1)"` runs no
 * arbitrary code, a fixed `bash -c "rm -rf ~"` still destroys.
 */
export function openingsOf(query: ReachQuery): Opening[] {
  const prefix = split(query.prefix);
  const editsApproved = query.editsApproved === true;
  const candidates = new Map<string, boolean>();
  if (!query.open) candidates.set(query.prefix.trim(), false);
  else {
    for (const e of examples()) if (startsWithWords(e.words, prefix, query.partial === true)) candidates.set(e.command, false);
    // A runner or wrapper in front of a known command: `npx drizzle-kit` covers `npx drizzle-kit drop`.
    for (let k = 1; k < prefix.length; k++) {
      const rest = prefix.slice(k);
      for (const e of examples()) if (startsWithWords(e.words, rest, query.partial === true)) candidates.set(`${prefix.slice(0, k).join(' ')} ${e.command}`, false);
    }
    if (prefix.length > 0 && !query.partial) {
      // Wrappers and runners with options the examples do not spell (`sudo -u deploy`, `timeout 5`).
      candidates.set(`${query.prefix.trim()} ${PAYLOAD}`, true);
      candidates.set(`${query.prefix.trim()} '${PAYLOAD}'`, true);
      // Flags after the fixed words: `git push origin` covers `git push origin main --force`.
      candidates.set(`${query.prefix.trim()} main --force`, false);
      // An interpreter or shell given a script of the workspace.
      candidates.set(`${query.prefix.trim()} scripts/task`, false);
    }
    // A wildcard straight after a directory (`python ~/.claude/scripts/*`) also matches `..`: the
    // path climbs out to standard input (`echo code | python <dir>/../../dev/stdin`) or to any
    // program. (After a file name, `file.py/..` is no path at all.)
    const last = prefix[prefix.length - 1] ?? '';
    if (query.partial && prefix.length > 1 && last.endsWith('/')) {
      const up = `${query.prefix.trim()}../../../../../..`;
      candidates.set(`${up}/dev/stdin`, false);
      candidates.set(`${up}/bin/sh -c '${PAYLOAD}'`, false);
    }
  }
  const fixed = fixedWords(query, prefix);
  const found: Opening[] = [];
  for (const [command, appended] of candidates) {
    const effect = mainEffect(command, fixed, !query.open, editsApproved, appended);
    if (effect) found.push({ command, effect });
  }
  return found.sort((a, b) => RANK[a.effect.capability] - RANK[b.effect.capability]);
}
