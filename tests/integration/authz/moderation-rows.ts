/**
 * The matrix rows of moderation (issue #16; merged into procedureRows in procedures.ts):
 * moderation.*. Every procedure is the site staff's: a guest must sign in, every other role
 * (a group's admin too: that is no site role) is refused moderation.notAllowed; the moderator may
 * do everything but change roles; the site's admin everything. The rows that act on something
 * (hide, suspend, resolve…) act on something new (a post, a public message, a group, an account) for each call
 * (`fresh`), so an allowed call never touches what the other rows rely on. Nothing is secret to
 * the staff here, and nothing is named that the refused roles could probe: no IDOR rows.
 */
import type { TeamMember } from "../../../shared/moderation.ts";
import { GLOBAL_CHAT_ID } from "../../../shared/chats.ts";
import { freshAccount, freshGroup, postBy, type Cast } from "./cast.ts";
import { sendOk } from "./frames.ts";
import { OK, SIGN_IN, type Expect, type Outcome } from "./matrix.ts";
import type { Fresh, ProcedureRow } from "./procedures.ts";

const NOT_ALLOWED = "FORBIDDEN moderation.notAllowed";
const reason = "перевірка матриці";

/** The site's staff only: the moderator gets `moderator`, the site's admin always may. */
const staffOnly = (moderator: Outcome = OK): Expect => ({
  guest: SIGN_IN,
  stranger: NOT_ALLOWED,
  member: NOT_ALLOWED,
  removed: NOT_ALLOWED,
  admin: NOT_ALLOWED,
  moderator,
  siteAdmin: OK,
});

const siteAdmin = (cast: Cast) => cast.actors.siteAdmin.client.trpc;
let said = 0;

/** A new post of the bystander's (the member's posts are counted by the other rows, and a new account may write only so many a day). */
const postPerCall = async (cast: Cast): Promise<Fresh> => ({ t: { postId: await postBy(cast.bystander.client) } });
/** A new account (to suspend, unsuspend or promote). */
const personPerCall = async (cast: Cast): Promise<Fresh> => ({ t: { personId: (await freshAccount(cast.srv)).id } });

export const moderationRows: Record<string, ProcedureRow> = {
  "moderation.reports": { expect: staffOnly(), call: (api) => api.moderation.reports.query({ status: "open", sort: "newest" }) },
  "moderation.openCount": { expect: staffOnly(), call: (api) => api.moderation.openCount.query() },
  "moderation.team": {
    expect: staffOnly(),
    call: (api) => api.moderation.team.query(),
    leaks(result, _role, cast) {
      const ids = (result as TeamMember[]).map((m) => `${m.person.id} ${m.role}`);
      const want = [`${cast.actors.moderator.user!.id} moderator`, `${cast.actors.siteAdmin.user!.id} admin`];
      return want.every((w) => ids.includes(w)) ? null : `the team lacks the cast's staff: ${JSON.stringify(ids)}`;
    },
  },
  "moderation.log": { expect: staffOnly(), call: (api) => api.moderation.log.query({ limit: 5 }) },
  // A new post, reported by the stranger, for each call.
  "moderation.resolve": {
    expect: staffOnly(),
    async fresh(cast) {
      const { t } = await postPerCall(cast);
      await cast.actors.stranger.client.trpc.reports.create.mutate({ target: { kind: "post", id: t!.postId! }, reason: "spam" });
      return { t };
    },
    call: (api, t) => api.moderation.resolve.mutate({ targetKind: "post", targetKey: String(t.postId), resolution: "none", reason }),
  },
  "moderation.hide": {
    expect: staffOnly(),
    fresh: postPerCall,
    call: (api, t) => api.moderation.hide.mutate({ target: { kind: "post", id: t.postId }, reason }),
  },
  "moderation.restore": {
    expect: staffOnly(),
    async fresh(cast) {
      const { t } = await postPerCall(cast);
      await siteAdmin(cast).moderation.hide.mutate({ target: { kind: "post", id: t!.postId! }, reason });
      return { t };
    },
    call: (api, t) => api.moderation.restore.mutate({ target: { kind: "post", id: t.postId }, reason }),
  },
  // A new message of the member's in the public chat (a group's is never deleted this way).
  "moderation.deleteMessage": {
    expect: staffOnly(),
    fresh: async (cast) => ({ t: { messageId: (await sendOk(cast.actors.member.sock, GLOBAL_CHAT_ID, `у загальному чаті ${++said}`)).id } }),
    call: (api, t) => api.moderation.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: t.messageId, reason }),
  },
  "moderation.clearChat": {
    expect: staffOnly(),
    fresh: async (cast) => ({ t: { chatId: await freshGroup(cast) } }),
    call: (api, t) => api.moderation.clearChat.mutate({ chatId: t.chatId, what: "name", reason }),
  },
  "moderation.suspend": {
    expect: staffOnly(),
    fresh: personPerCall,
    call: (api, t) => api.moderation.suspend.mutate({ userId: t.personId, days: 1, reason }),
  },
  "moderation.unsuspend": {
    expect: staffOnly(),
    async fresh(cast) {
      const { t } = await personPerCall(cast);
      await siteAdmin(cast).moderation.suspend.mutate({ userId: t!.personId!, days: 1, reason });
      return { t };
    },
    call: (api, t) => api.moderation.unsuspend.mutate({ userId: t.personId, reason }),
  },
  // Only the site's admin gives and takes the moderator role.
  "moderation.setRole": {
    expect: staffOnly(NOT_ALLOWED),
    fresh: personPerCall,
    call: (api, t) => api.moderation.setRole.mutate({ userId: t.personId, role: "moderator", reason }),
  },
  // Off, as it is: the other rows' messages in the public chat never wait.
  "moderation.setSlowMode": { expect: staffOnly(), call: (api) => api.moderation.setSlowMode.mutate({ seconds: 0 }) },
};
