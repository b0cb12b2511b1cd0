/**
 * The post composer's fields beyond the title and the text — tags, links, images — which a new
 * post's composer shows once it is used: a chunk of its own, fetched when the composer opens
 * (web/src/components/lazy-parts.tsx; bench/web.ts lists it apart).
 */
import type { FieldErrors } from "../../lib/form.ts";
import { ImagesInput } from "./ImagesInput.tsx";
import { LinksInput } from "./LinksInput.tsx";
import type { createPostImages } from "./post-images.ts";
import { TagsInput } from "./TagsInput.tsx";
import "../../styles/post-composer-extras.css";

export function ComposerExtras(props: {
  tags: string[];
  onTags: (tags: string[]) => void;
  links: string[];
  onLinks: (links: string[]) => void;
  images: ReturnType<typeof createPostImages>;
  errors: FieldErrors;
}) {
  return (
    <>
      <TagsInput tags={props.tags} onTags={props.onTags} errors={props.errors.tags} />
      <LinksInput links={props.links} onLinks={props.onLinks} errors={props.errors.links} />
      <ImagesInput images={props.images} errors={props.errors.imageIds} />
    </>
  );
}
