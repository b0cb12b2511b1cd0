/**
 * Posts, comments and tags: limits, inputs (validated on both sides with the same messages, which
 * are i18n keys) and the shapes the API answers with. The body is stored as its Markdown source;
 * the web client renders a safe subset to DOM nodes (web/src/lib/markdown.ts), never as HTML.
 */
import { z } from "zod";
import { chatPersonSchema, mediaInfoSchema } from "./chats.ts";
import { mediaIdSchema } from "./media.ts";
import { multiLine, oneLine } from "./text.ts";
import { isHttpLink, normaliseTag, POST_LIMITS, TAG_PATTERN } from "./post-rules.ts";
export { checkLink, checkTag, isHttpLink, linkOf, normaliseTag, POST_LIMITS, TAG_PATTERN } from "./post-rules.ts";

export const tagSchema = z
  .string()
  .transform(normaliseTag)
  .pipe(
    z
      .string()
      .min(1, { error: "posts.tagEmpty" })
      .max(POST_LIMITS.tagMax, { error: "posts.tagTooLong" })
      .regex(TAG_PATTERN, { error: "posts.tagFormat" }),
  );

/** An http(s) URL a person can open; anything else (javascript:, data:, …) is refused. */
export const linkSchema = z
  .string()
  .trim()
  .max(POST_LIMITS.linkMax, { error: "posts.linkTooLong" })
  .refine(isHttpLink, { error: "posts.linkInvalid" });

export const postIdSchema = z.number({ error: "posts.notFound" }).int().positive().max(Number.MAX_SAFE_INTEGER);
export const commentIdSchema = z.number({ error: "comments.notFound" }).int().positive().max(Number.MAX_SAFE_INTEGER);

const postFields = {
  title: z
    .string({ error: "validation.required" })
    .transform(oneLine)
    .pipe(
      z
        .string()
        .trim()
        .min(1, { error: "posts.titleRequired" })
        .max(POST_LIMITS.titleMax, { error: "posts.titleTooLong" }),
    ),
  topic: z
    .string()
    .transform(oneLine)
    .pipe(z.string().trim().max(POST_LIMITS.topicMax, { error: "posts.topicTooLong" }))
    .nullish()
    .transform((v) => (v ? v : null)),
  body: z
    .string()
    .transform(multiLine)
    .pipe(z.string().max(POST_LIMITS.bodyMax, { error: "posts.bodyTooLong" }))
    .default(""),
  tags: z
    .array(tagSchema)
    .max(POST_LIMITS.tagsMax, { error: "posts.tooManyTags" })
    .default([])
    .transform((tags) => [...new Set(tags)]),
  links: z
    .array(linkSchema)
    .max(POST_LIMITS.linksMax, { error: "posts.tooManyLinks" })
    .default([])
    .transform((links) => [...new Set(links)]),
  imageIds: z
    .array(mediaIdSchema)
    .max(POST_LIMITS.imagesMax, { error: "posts.tooManyImages" })
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, { error: "posts.duplicateImage" }),
};

export const createPostInput = z.object(postFields);
export type CreatePostInput = z.input<typeof createPostInput>;
export const updatePostInput = z.object({ id: postIdSchema, ...postFields });
export type UpdatePostInput = z.input<typeof updatePostInput>;
export const postIdInput = z.object({ id: postIdSchema });

/** Keyset cursor of the feed: the id of the last post of the previous page (ids grow with time). */
export const feedCursorSchema = z.string().regex(/^\d{1,15}$/, { error: "posts.badCursor" });
export const feedInput = z
  .object({
    limit: z.number().int().min(1).max(POST_LIMITS.feedPageMax).default(POST_LIMITS.feedPageDefault),
    cursor: feedCursorSchema.nullish(),
    tag: tagSchema.nullish(),
    authorId: z.string().regex(/^[a-f0-9]{24}$/, { error: "posts.badAuthor" }).nullish(),
    /** Only posts by my friends and me (the "Friends" tab; empty for a guest). */
    friends: z.boolean().optional(),
  })
  .default({ limit: POST_LIMITS.feedPageDefault });
export type FeedInput = z.input<typeof feedInput>;

export const likeInput = z.object({ postId: postIdSchema, on: z.boolean() });
export const likersInput = z.object({ postId: postIdSchema });
export const markViewedInput = z.object({
  postIds: z.array(postIdSchema).min(1).max(POST_LIMITS.markViewedMax),
});

export const commentsListInput = z.object({
  postId: postIdSchema,
  /** Newest first; the cursor is the id of the last (oldest) comment of the previous page. */
  cursor: z.string().regex(/^\d{1,15}$/, { error: "posts.badCursor" }).nullish(),
  limit: z.number().int().min(1).max(POST_LIMITS.commentsPageMax).default(POST_LIMITS.commentsPageDefault),
});
export const createCommentInput = z.object({
  postId: postIdSchema,
  body: z
    .string({ error: "validation.required" })
    .transform(multiLine)
    .pipe(
      z
        .string()
        .trim()
        .min(1, { error: "comments.empty" })
        .max(POST_LIMITS.commentMax, { error: "comments.tooLong" }),
    ),
});
export const commentIdInput = z.object({ commentId: commentIdSchema });

export const suggestTagsInput = z.object({
  /** A prefix no tag could start with suggests nothing. */
  prefix: z
    .string()
    .max(POST_LIMITS.tagMax + 1)
    .transform(normaliseTag)
    .transform((prefix) => (TAG_PATTERN.test(prefix) ? prefix : "")),
});

export const postPersonSchema = chatPersonSchema;
export type PostPerson = z.infer<typeof postPersonSchema>;

export const postLinkSchema = z.object({
  url: z.string(),
  /** The host without a leading `www.`, shown on the link card. */
  domain: z.string(),
});
export type PostLink = z.infer<typeof postLinkSchema>;

/** Set only for the author of content a moderator hid (nobody else sees it). */
export const hiddenSchema = z.object({ reason: z.string(), at: z.number() });

export const commentSchema = z.object({
  id: z.number(),
  postId: z.number(),
  author: postPersonSchema,
  /** Plain text with line breaks: render as text. */
  body: z.string(),
  createdAt: z.number(),
  hidden: hiddenSchema.optional(),
});
export type Comment = z.infer<typeof commentSchema>;

export const postSchema = z.object({
  id: z.number(),
  author: postPersonSchema,
  title: z.string(),
  topic: z.string().nullable(),
  /** Markdown source (the safe subset; render to DOM nodes, never as HTML). */
  body: z.string(),
  tags: z.array(z.string()),
  links: z.array(postLinkSchema),
  images: z.array(mediaInfoSchema),
  createdAt: z.number(),
  /** Only on edited posts. */
  editedAt: z.number().optional(),
  likes: z.number(),
  /** Whether the person asking likes it (false for guests and in broadcast frames). */
  liked: z.boolean(),
  views: z.number(),
  comments: z.number(),
  /** The newest comments (at most 3), oldest first, so a card shows them without asking. */
  latestComments: z.array(commentSchema),
  hidden: hiddenSchema.optional(),
});
export type Post = z.infer<typeof postSchema>;

export interface FeedPage {
  items: Post[];
  nextCursor: string | null;
}

export interface CommentsPage {
  /** Newest first. */
  items: Comment[];
  nextCursor: string | null;
  /** All comments of the post. */
  total: number;
}

export interface TagCount {
  tag: string;
  count: number;
}

