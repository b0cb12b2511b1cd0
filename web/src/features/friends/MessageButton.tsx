/**
 * "Написати" / "Message": gets or creates the personal chat with this person and opens it. A
 * refusal (`chats.personalClosed`, a rate limit…) goes to `onFailure`, which shows it.
 */
import { useNavigate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { ChatIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { readError, type AppError } from "../../lib/trpc.ts";
import { openPersonalChat } from "./actions.ts";

export function MessageButton(props: { userId: string; primary?: boolean; onFailure: (failure: AppError | null) => void }) {
  const navigate = useNavigate();
  const [opening, setOpening] = createSignal(false);
  const open = async () => {
    setOpening(true);
    props.onFailure(null);
    try {
      navigate(`/chats/${await openPersonalChat(props.userId)}`);
    } catch (error) {
      props.onFailure(readError(error));
      setOpening(false);
    }
  };
  return (
    <button type="button" class={props.primary ? "btn btn-primary btn-small" : "btn btn-small"} disabled={opening()} onClick={() => void open()}>
      <ChatIcon />
      {opening() ? t("chats.opening") : t("chats.write")}
    </button>
  );
}
