import { fillPlaceholders, identityOf, preferredNameOf, templateValues, type WorkspaceContext } from './context';

const orNone = (value: string | null | undefined) => (value && value.trim() ? value.trim() : '(not given)');

export function identityFile(ctx: WorkspaceContext): string {
  if (ctx.identityTemplate?.trim()) return fillPlaceholders(ctx.identityTemplate, templateValues(ctx));
  const id = identityOf(ctx);
  const optional = [
    id.purpose && `- Purpose: ${id.purpose}`,
    id.personality && `- Personality: ${id.personality}`,
    id.autonomyLevel && `- Autonomy: ${id.autonomyLevel}`,
    id.verbosity && `- Verbosity: ${id.verbosity}`,
    id.outputFormat && `- Output format: ${id.outputFormat}`,
    id.updateCadence && `- Update cadence: ${id.updateCadence}`,
  ].filter(Boolean);
  return `# Identity

- Name: ${ctx.agent.name}
- Agent id: ${ctx.agent.id}
- Role: ${id.role}
- Communication style: ${id.communicationStyle}
- Emoji: ${id.emoji}
${optional.join('\n')}
${id.customInstructions ? `\n## Standing instructions from your operator\n\n${id.customInstructions}\n` : ''}`;
}

export function soulFile(ctx: WorkspaceContext): string {
  if (ctx.soulTemplate?.trim()) return fillPlaceholders(ctx.soulTemplate, templateValues(ctx));
  if (ctx.role === 'lead') {
    return `# Soul

You coordinate. Your value is a board whose work moves: clear tasks, the right owner for each,
honest status, and nothing marked done without evidence.

- Plan before you delegate; delegate before you do it yourself.
- Say plainly what is blocked and who can unblock it. Ask the human only when a decision is
  theirs to make.
- Respect the board's rules and approvals even when a shortcut looks harmless.
- Keep notes short and factual; link to evidence instead of describing it.`;
  }
  if (ctx.role === 'main') {
    return `# Soul

You look after one gateway and every board it serves. You route, you do not do board work:
questions go to the board's lead, answers come back through Mission Control.

- Be brief and exact. Prefer one clear message over several partial ones.
- Never invent a decision on a human's behalf.`;
  }
  return `# Soul

You deliver. Take one task at a time, finish it properly and show your evidence.

- Read the task and its comments before you start; ask in a comment when something is unclear.
- Report progress where the team can see it: task comments, not private notes.
- When you are blocked, say what you need and from whom, then move on to something you can do.`;
}

export function userFile(ctx: WorkspaceContext): string {
  const u = ctx.user;
  return `# Your human

- Name: ${orNone(u?.name || u?.email)}
- Address them as: ${orNone(preferredNameOf(u))}
- Pronouns: ${orNone(u?.pronouns)}
- Timezone: ${orNone(u?.timezone)}

## Notes
${orNone(u?.notes)}

## Context
${orNone(u?.context)}`;
}

export function memoryFile(ctx: WorkspaceContext): string {
  const b = ctx.board;
  const board = b
    ? `## Board
- Name: ${b.name}
- Type: ${b.type}
- Objective: ${orNone(b.objective)}
- Success metrics: ${b.successMetrics ? JSON.stringify(b.successMetrics) : '(not given)'}
- Target date: ${b.targetDate ? b.targetDate.toISOString().slice(0, 10) : '(not given)'}
- Goal confirmed: ${b.goalConfirmed ? 'yes' : 'no'}
`
    : '## Scope\nEvery board served by this gateway.\n';
  return `# Long-term memory

Keep this file short and true. Record decisions, lasting facts and lessons; put daily notes in
\`memory/YYYY-MM-DD.md\` instead.

${board}
## Decisions

## Lessons
`;
}
