/**
 * kr-person-owner: key results belong to teams. A person named as owner turns a team's evidence
 * into a personal scorecard.
 *
 * Bad:  owner: alice@example.com; "Reduce MTTR to 15 min (owner: @alice)"; "负责人：张三"; "DRI: Bob"
 * Good: no owner (the file's team owns it); people appear on initiatives and check-ins
 */
import { SLUG_PATTERN } from '../../okr-file/schema.js';
import { type KeyResultRule, quote } from '../rule.js';
import type { Report } from '../types.js';

const TEAM_WORDS =
  /(?:\bteam\b|\bsquad\b|\bguild\b|\bgroup\b|\bcrew\b|\bchapter\b|\btribe\b|\bdepartment\b|\bdept\b|团队|小组|组$|部门|中心$|事业部)/i;
/** A name ends at a sentence's full stop ("Owner: Priya. Reduce …"), not at one inside a handle or after an initial. */
const PERSON_IN_TITLE =
  /(?:\((?:owner|dri|lead|responsible|by)\s*[:：]\s*([^)]+)\)|(?:^|\s)@([a-z0-9_.-]{2,})\b|(?<![a-z])(?:负责人|责任人|牵头人|对接人|owner|dri|accountable|responsible)\s*[:：]\s*((?:[\p{L}\p{M}\s-]|\.(?=\S)|(?<=(?:^|[\s:：])\p{Lu})\.){1,30}))/iu;

/** True when `owner` names a person rather than a team. */
export function looksLikePerson(owner: string, teamSlug: string | undefined): boolean {
  const o = owner.trim();
  if (!o) return false;
  if (teamSlug && o.toLowerCase() === teamSlug) return false;
  if (TEAM_WORDS.test(o)) return false;
  if (/^team[:/]/i.test(o)) return false;
  if (/@/.test(o)) return true;
  // A bare slug that is not the team (e.g. "alice", "jsmith") is most likely a person's handle;
  // so is "First Last" or a 2–4 character Chinese name.
  if (SLUG_PATTERN.test(o)) return true;
  return /^[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){0,3}$/.test(o) || /^\p{Script=Han}{2,4}$/u.test(o) || /\s/.test(o);
}

export const krPersonOwner: KeyResultRule = {
  id: 'kr-person-owner',
  scope: 'key-result',
  summary: { en: 'Key results belong to teams, not people', zh: '关键结果属于团队，而不是个人' },
  source: 'Google/Doerr: OKRs are not an individual performance tool; GitLab handbook; Legible principle',
  check({ kr, document }) {
    const reports: Report[] = [];
    const team = document?.team;
    if (kr.owner && looksLikePerson(kr.owner, team)) {
      reports.push({
        message: {
          en: `owner: ${quote(kr.owner, 'en')} names a person; key results belong to the team${team ? ` (${team})` : ''}.`,
          zh: `owner: ${quote(kr.owner, 'zh')} 是个人；关键结果属于团队${team ? `（${team}）` : ''}。`,
        },
        suggestion: {
          en: 'Remove owner: the team owns the result. Put the person on an initiative they drive, or mention them in check-ins.',
          zh: '删除 owner：结果由团队负责。可以把这个人写到他推动的举措（initiative）上，或在 check-in 中提及。',
        },
      });
    }
    const m = /[@(:：]/.test(kr.title) ? PERSON_IN_TITLE.exec(kr.title) : null;
    if (m) {
      const who = (m[1] ?? m[2] ?? m[3] ?? '').trim();
      if (who && looksLikePerson(who, team)) {
        reports.push({
          message: {
            en: `The title names a person (${who}) as owner; key results belong to the team.`,
            zh: `标题里写了个人（${who}）作为负责人；关键结果属于团队。`,
          },
          suggestion: {
            en: `Take "${m[0].trim()}" out of the title; people belong on initiatives.`,
            zh: `从标题中去掉“${m[0].trim()}”；个人可以写在举措（initiative）上。`,
          },
        });
      }
    }
    return reports;
  },
};
