/** A feed with the popular tags beside it: the home page's (guest or signed in) and a tag's page. */
import type { JSX } from "solid-js";
import { PopularTags } from "./PopularTags.tsx";
import "../reports/safety.css";

export function FeedLayout(props: { children: JSX.Element }) {
  return (
    <div class="feed-layout">
      <div class="feed-main">{props.children}</div>
      <PopularTags />
    </div>
  );
}
