import {
  addPhotosInput,
  albumIdInput,
  createAlbumInput,
  listAlbumsInput,
  photoIdInput,
  reorderPhotosInput,
  setCoverInput,
  updateAlbumInput,
  updatePhotoInput,
} from "../../../shared/albums.ts";
import { authedProcedure, publicProcedure, router } from "../../trpc/init.ts";

const ok = { ok: true as const };

export const albumsRouter = router({
  list: publicProcedure
    .input(listAlbumsInput)
    .query(({ ctx, input }) => ctx.deps.services.albums.list(input.username, ctx.auth?.user.id ?? null)),

  byId: publicProcedure
    .input(albumIdInput)
    .query(({ ctx, input }) => ctx.deps.services.albums.byId(input.id, ctx.auth?.user.id ?? null)),

  create: authedProcedure
    .input(createAlbumInput)
    .mutation(({ ctx, input }) => ctx.deps.services.albums.create(ctx.auth.user.id, input)),

  update: authedProcedure.input(updateAlbumInput).mutation(({ ctx, input }) => {
    const { id, ...fields } = input;
    return ctx.deps.services.albums.update(ctx.auth.user.id, id, fields);
  }),

  remove: authedProcedure.input(albumIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.albums.remove(ctx.auth.user.id, input.id);
    return ok;
  }),

  addPhotos: authedProcedure
    .input(addPhotosInput)
    .mutation(({ ctx, input }) => ctx.deps.services.albums.addPhotos(ctx.auth.user.id, input.albumId, input.mediaIds)),

  updatePhoto: authedProcedure
    .input(updatePhotoInput)
    .mutation(({ ctx, input }) => ctx.deps.services.albums.updatePhoto(ctx.auth.user.id, input.photoId, input.caption)),

  removePhoto: authedProcedure.input(photoIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.albums.removePhoto(ctx.auth.user.id, input.photoId);
    return ok;
  }),

  reorder: authedProcedure
    .input(reorderPhotosInput)
    .mutation(({ ctx, input }) => ctx.deps.services.albums.reorder(ctx.auth.user.id, input.albumId, input.photoIds)),

  setCover: authedProcedure
    .input(setCoverInput)
    .mutation(({ ctx, input }) => ctx.deps.services.albums.setCover(ctx.auth.user.id, input.albumId, input.photoId)),
});
