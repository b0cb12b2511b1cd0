/**
 * The matrix rows of posts, comments and tags (merged into procedureRows in procedures.ts). Posts
 * and their comments are public: everyone reads them, guests too; writing needs a session; only a
 * post's author (the member) edits or deletes it; a comment goes away by its author (the admin, see
 * cast.ts) or by the author of the post it is under, nobody else.
 *
 * IDOR: unlike chats and albums, a post's existence is no secret (anyone may read any post), so a
 * stranger is told FORBIDDEN for someone else's post or comment and NOT_FOUND for one that exists
 * nowhere: that difference is intended, and the rows pin both answers.
 */
import { commentBy, postBy, upload1, type Cast } from "./cast.ts";
import { anyone, OK, ownerOnly, SIGN_IN, signedIn, type Outcome } from "./matrix.ts";
import type { Fresh, ProcedureRow } from "./procedures.ts";

const POST_404 = "NOT_FOUND posts.notFound";
const NOT_YOUR_POST = "FORBIDDEN posts.notYourPost";
const NOT_YOURS = "FORBIDDEN comments.notYours";
const IMAGE_NOT_YOURS = "BAD_REQUEST posts.imageNotYours";
/** Someone else's post can be read and used (liked, commented); a missing one is 404. */
const publicPost = { theirs: OK, missing: POST_404 } as const;
/** Someone else's post or comment is theirs to change; a missing one is 404. */
const theirs = (refusal: Outcome, missing: Outcome) => ({ theirs: refusal, missing });

/** A new post of the member's for each call that edits or deletes it. */
const postPerCall = async (cast: Cast): Promise<Fresh> => ({ t: { postId: await postBy(cast.actors.member.client) } });

export const postRows: Record<string, ProcedureRow> = {
  "posts.feed": { expect: anyone, call: (api) => api.posts.feed.query({ limit: 5 }) },
  "posts.byId": { expect: anyone, call: (api, t) => api.posts.byId.query({ id: t.postId }), idor: { postId: publicPost } },
  // The images must be the caller's own post_image uploads: the member's new one, refused to everyone else alike.
  "posts.create": {
    expect: { guest: SIGN_IN, stranger: IMAGE_NOT_YOURS, member: OK, removed: IMAGE_NOT_YOURS, admin: IMAGE_NOT_YOURS, moderator: IMAGE_NOT_YOURS, siteAdmin: IMAGE_NOT_YOURS },
    fresh: async (cast) => ({ t: { media: { ...cast.target.media, post_image: await upload1(cast, "post_image") } } }),
    call: (api, t) => api.posts.create.mutate({ title: "Новий пост", body: "Текст", imageIds: [t.media.post_image] }),
    idor: { media: IMAGE_NOT_YOURS },
  },
  "posts.update": {
    expect: ownerOnly(NOT_YOUR_POST),
    fresh: postPerCall,
    call: (api, t) => api.posts.update.mutate({ id: t.postId, title: "Змінено", body: "Новий текст" }),
    idor: { postId: theirs(NOT_YOUR_POST, POST_404) },
  },
  "posts.like": {
    expect: signedIn,
    call: (api, t) => api.posts.like.mutate({ postId: t.postId, on: true }),
    idor: { postId: publicPost },
  },
  "posts.likers": { expect: anyone, call: (api, t) => api.posts.likers.query({ postId: t.postId }), idor: { postId: publicPost } },
  // Ids that exist nowhere are skipped, not refused ({counted: 0}).
  "posts.markViewed": {
    expect: signedIn,
    call: (api, t) => api.posts.markViewed.mutate({ postIds: [t.postId] }),
    idor: { postId: OK },
  },
  "comments.list": {
    expect: anyone,
    call: (api, t) => api.comments.list.query({ postId: t.postId }),
    idor: { postId: publicPost },
  },
  "comments.create": {
    expect: signedIn,
    call: (api, t) => api.comments.create.mutate({ postId: t.postId, body: "Коментар" }),
    idor: { postId: publicPost },
  },
  // A new comment of the admin's under the member's post for each call: the member deletes it as
  // the post's author, the admin as the comment's; the stranger and the removed member may not.
  "comments.remove": {
    expect: { guest: SIGN_IN, stranger: NOT_YOURS, member: OK, removed: NOT_YOURS, admin: OK, moderator: NOT_YOURS, siteAdmin: NOT_YOURS },
    fresh: async (cast) => ({ t: { commentId: await commentBy(cast.actors.admin.client, cast.target.postId) } }),
    call: (api, t) => api.comments.remove.mutate({ commentId: t.commentId }),
    idor: { commentId: theirs(NOT_YOURS, "NOT_FOUND comments.notFound") },
  },
  // After every other row naming someone else's post: were the check broken, its IDOR call would
  // delete that post (cast.foreign.postId) and fail the rows after it too.
  "posts.remove": {
    expect: ownerOnly(NOT_YOUR_POST),
    fresh: postPerCall,
    call: (api, t) => api.posts.remove.mutate({ id: t.postId }),
    idor: { postId: theirs(NOT_YOUR_POST, POST_404) },
  },
  "tags.popular": { expect: anyone, call: (api) => api.tags.popular.query() },
  "tags.suggest": { expect: anyone, call: (api) => api.tags.suggest.query({ prefix: "мат" }) },
};
