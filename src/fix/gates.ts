// What `fix` writes in place of an entry that opens the gate, in each tool's own terms: the
// read-only rules a broad Claude Code allow rule was probably meant for, the ask and deny rules
// for the destructive families an entry opened, and the read tools of MCP servers approved whole.
// The families come from the command model (src/policy/commands.ts) through each finding's `opens`.

import { table } from '../policy/table.js';

/** Read-only and everyday commands, by program, that a broad `Bash(<program>:*)` rule is replaced with. */
export const READ_ONLY_RULES: Record<string, readonly string[]> = table({
  git: ['Bash(git status)', 'Bash(git diff:*)', 'Bash(git log:*)', 'Bash(git show:*)', 'Bash(git add:*)', 'Bash(git commit:*)'],
  npm: ['Bash(npm test)', 'Bash(npm run lint)', 'Bash(npm run build)'],
  pnpm: ['Bash(pnpm test)', 'Bash(pnpm lint)', 'Bash(pnpm build)'],
  yarn: ['Bash(yarn test)', 'Bash(yarn lint)', 'Bash(yarn build)'],
  bun: ['Bash(bun test)'],
  docker: ['Bash(docker ps)', 'Bash(docker logs:*)', 'Bash(docker compose ps)'],
  kubectl: ['Bash(kubectl get:*)', 'Bash(kubectl describe:*)', 'Bash(kubectl logs:*)'],
  terraform: ['Bash(terraform plan:*)', 'Bash(terraform validate)', 'Bash(terraform fmt:*)'],
  tofu: ['Bash(tofu plan:*)', 'Bash(tofu validate)', 'Bash(tofu fmt:*)'],
  gh: ['Bash(gh pr view:*)', 'Bash(gh pr list:*)', 'Bash(gh issue view:*)', 'Bash(gh run view:*)'],
  railway: ['Bash(railway status)', 'Bash(railway logs:*)'],
  fly: ['Bash(fly status:*)', 'Bash(fly logs:*)'],
  flyctl: ['Bash(flyctl status:*)', 'Bash(flyctl logs:*)'],
  cargo: ['Bash(cargo check:*)', 'Bash(cargo fmt:*)'],
  go: ['Bash(go vet:*)', 'Bash(go fmt:*)'],
});

/** Ask rules (a person confirms) and deny rules (never) for each destructive family. */
export const FAMILY_GATES: Record<string, { ask: readonly string[]; deny: readonly string[] }> = table({
  filesystem: { ask: ['Bash(rm:*)'], deny: ['Bash(rm -rf /:*)', 'Bash(rm -rf ~:*)'] },
  git: { ask: ['Bash(git push:*)', 'Bash(git reset --hard:*)', 'Bash(git clean:*)'], deny: ['Bash(git push --force:*)', 'Bash(git push -f:*)'] },
  github: { ask: ['Bash(gh api:*)'], deny: ['Bash(gh repo delete:*)'] },
  http: { ask: ['Bash(curl -X DELETE:*)', 'Bash(curl -X POST:*)'], deny: [] },
  database: { ask: ['Bash(psql:*)', 'Bash(mysql:*)'], deny: ['Bash(dropdb:*)'] },
  migration: { ask: [], deny: ['Bash(npx prisma migrate reset:*)', 'Bash(prisma migrate reset:*)'] },
  iac: { ask: ['Bash(terraform apply:*)', 'Bash(tofu apply:*)'], deny: ['Bash(terraform destroy:*)', 'Bash(tofu destroy:*)'] },
  kubernetes: { ask: ['Bash(kubectl apply:*)', 'Bash(helm upgrade:*)'], deny: ['Bash(kubectl delete:*)', 'Bash(helm uninstall:*)'] },
  docker: { ask: ['Bash(docker compose down:*)'], deny: ['Bash(docker volume rm:*)', 'Bash(docker volume prune:*)', 'Bash(docker system prune:*)'] },
  platform: { ask: [], deny: ['Bash(railway delete:*)', 'Bash(railway volume delete:*)', 'Bash(fly volumes destroy:*)', 'Bash(supabase projects delete:*)', 'Bash(aws s3 rb:*)'] },
});

/** Read tools of MCP servers, for a server-wide approval (`mcp__github`) narrowed to reading. */
export const MCP_READ_TOOLS: Record<string, readonly string[]> = table({
  github: ['get_file_contents', 'get_issue', 'list_issues', 'search_issues', 'get_pull_request', 'list_pull_requests', 'search_code'],
  supabase: ['list_tables', 'list_extensions', 'list_migrations', 'get_logs', 'search_docs'],
  linear: ['get_issue', 'list_issues', 'list_projects'],
  sentry: ['get_issue_details', 'search_issues'],
});

/** The program a `Bash(<program> …)` rule starts with, or undefined for another tool's rule. */
export function ruleProgram(rule: string): string | undefined {
  const m = /^Bash\(\s*([^\s:*()]+)/.exec(rule);
  return m?.[1];
}
