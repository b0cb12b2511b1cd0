/** Every error albums throw, with its i18n `reason` key (the web client translates these). */
import { BadRequestError, ConflictError, DomainError, ForbiddenError, NotFoundError } from "../../lib/errors.ts";

export const albumErrors = {
  /** The album does not exist or the viewer may not see it (the two look the same). */
  notFound: () => new NotFoundError("albums.notFound"),
  photoNotFound: () => new NotFoundError("albums.photoNotFound"),
  ownerNotFound: () => new NotFoundError("albums.ownerNotFound"),
  /** A media that does not exist, is someone else's, or is not an album photo. */
  mediaNotFound: (mediaIds: string[]) => new DomainError("NOT_FOUND", "albums.mediaNotFound", { mediaIds }),
  /** Visible to the viewer, but only the owner may change it. */
  notOwner: () => new ForbiddenError("albums.notOwner"),
  photoInAnotherAlbum: (mediaIds: string[]) => new ConflictError("albums.photoInAnotherAlbum", { mediaIds }),
  full: (max: number) => new ConflictError("albums.full", { max }),
  reorderMismatch: () => new BadRequestError("albums.reorderMismatch"),
};
