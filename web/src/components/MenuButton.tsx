/**
 * A "…" button opening a menu of actions (the WAI-ARIA menu button pattern): Enter, Space or
 * ArrowDown open it on the first item, ArrowUp on the last; in the menu the arrow keys move (and
 * wrap), Home and End jump, Escape closes it and focus goes back to the button; Tab, a click
 * elsewhere or focus leaving it close it where focus went. Choosing an item closes the menu,
 * puts focus back on the button, then runs the item (a dialog it opens returns focus there too).
 * The menu opens under the button, right-aligned with it, moved sideways as far as it takes to stay
 * on screen.
 */
import { createSignal, createUniqueId, For, Show, type JSX } from "solid-js";
import { MoreIcon } from "./icons.tsx";
import "./menu.css";

export interface MenuAction {
  /** Stable key, also the item's data-action. */
  id: string;
  label: string;
  icon?: JSX.Element;
  danger?: boolean;
  onSelect: () => void;
}

/** The least room (px) between an open menu and the screen's edge. */
const EDGE_PX = 8;

export function MenuButton(props: { label: string; items: readonly MenuAction[]; class?: string }) {
  const [open, setOpen] = createSignal(false);
  /** Sideways move (px) keeping the open menu on screen. */
  const [shift, setShift] = createSignal(0);
  const id = createUniqueId();
  let button!: HTMLButtonElement;
  let menu: HTMLDivElement | undefined;

  const items = () => [...(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
  const focusItem = (at: number) => {
    const list = items();
    if (list.length) list[(at + list.length) % list.length]!.focus();
  };

  function show(at: "first" | "last") {
    setShift(0);
    setOpen(true);
    queueMicrotask(() => {
      if (menu) {
        const box = menu.getBoundingClientRect();
        const width = document.documentElement.clientWidth;
        if (box.left < EDGE_PX) setShift(EDGE_PX - box.left);
        else if (box.right > width - EDGE_PX) setShift(width - EDGE_PX - box.right);
      }
      focusItem(at === "first" ? 0 : -1);
    });
  }

  function close(focusBack: boolean) {
    setOpen(false);
    if (focusBack) button.focus();
  }

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      show(e.key === "ArrowDown" ? "first" : "last");
    }
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const at = items().indexOf(document.activeElement as HTMLButtonElement);
    const go = (to: number) => {
      e.preventDefault();
      focusItem(to);
    };
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(-1);
    else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === "Tab") setOpen(false);
  };

  return (
    <div
      class={`menu-wrap${props.class ? ` ${props.class}` : ""}`}
      onFocusOut={(e) => {
        if (open() && !(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        class="icon-button menu-button"
        aria-label={props.label}
        title={props.label}
        aria-haspopup="menu"
        aria-expanded={open() ? "true" : "false"}
        aria-controls={open() ? id : undefined}
        onClick={() => (open() ? close(false) : show("first"))}
        onKeyDown={onButtonKey}
      >
        <MoreIcon />
      </button>
      <Show when={open()}>
        <div ref={menu} id={id} class="menu" role="menu" aria-label={props.label} style={shift() ? { transform: `translateX(${shift()}px)` } : undefined} onKeyDown={onMenuKey}>
          <For each={props.items}>
            {(item) => (
              <button
                type="button"
                role="menuitem"
                tabindex="-1"
                class={`menu-item${item.danger ? " menu-item-danger" : ""}`}
                data-action={item.id}
                onClick={() => {
                  close(true);
                  item.onSelect();
                }}
              >
                {item.icon}
                <span>{item.label}</span>
              </button>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}
