/** The feed's side panel: the popular tags of the last days with how many posts carry each. */
import { For } from "solid-js";
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { LoadedList } from "../../components/LoadedList.tsx";
import { formatNumber, t } from "../../i18n/index.ts";
import { createLoader } from "../../lib/load.ts";
import { trpc } from "../../lib/trpc.ts";

export function PopularTags() {
  const [tags, { refetch }] = createLoader(
    () => true,
    () => trpc.tags.popular.query(),
  );
  return (
    <aside class="card popular-tags" aria-labelledby="popular-tags-title">
      <h2 id="popular-tags-title">{t("posts.popularTags")}</h2>
      <p class="muted popular-tags-note">{t("posts.popularNote", { days: POST_LIMITS.popularDays })}</p>
      <LoadedList
        loaded={tags()}
        loadingClass="muted"
        failure={() => (
          <button type="button" class="btn btn-small" onClick={() => void refetch()}>
            {t("load.retry")}
          </button>
        )}
        empty={<p class="muted">{t("posts.noPopularTags")}</p>}
      >
        {(list) => (
          <ul class="tag-cloud">
            <For each={list}>
              {(item) => (
                <li>
                  <a class="tag" href={`/tags/${encodeURIComponent(item.tag)}`}>
                    #{item.tag}
                    <span class="tag-count" aria-hidden="true">
                      {formatNumber(item.count)}
                    </span>
                    <span class="visually-hidden">{`, ${t("posts.tagCount", { n: formatNumber(item.count) })}`}</span>
                  </a>
                </li>
              )}
            </For>
          </ul>
        )}
      </LoadedList>
    </aside>
  );
}
