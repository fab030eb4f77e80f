// The agents family's detectors, in id order. The registry in ../index.ts lists the families.

import type { Detector } from '../../src/engine/types.js';
import aider from './aider.js';
import amp from './amp.js';
import ciAgents from './ci-agents.js';
import cursor from './cursor.js';
import claudeCode from './claude-code.js';
import claudeCodeMarkdown from './claude-code-markdown.js';
import codex from './codex.js';
import continueCli from './continue.js';
import geminiCli from './gemini-cli.js';
import goose from './goose.js';
import instructions from './instructions.js';
import mcpAutoApprove from './mcp-auto-approve.js';
import mcpServers from './mcp-servers.js';
import opencode from './opencode.js';
import scriptAgents from './script-agents.js';
import sdkCode from './sdk-code.js';
import vscode from './vscode.js';
import windsurf from './windsurf.js';
import zed from './zed.js';

export const agentsDetectors: Detector[] = [aider, amp, ciAgents, claudeCode, claudeCodeMarkdown, codex, continueCli, cursor, geminiCli, goose, instructions, mcpAutoApprove, mcpServers, opencode, scriptAgents, sdkCode, vscode, windsurf, zed];
