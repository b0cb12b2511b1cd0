/**
 * How a message opens its action sheet on compact screens (issue 15): a tap on the message (not on
 * a link or button in it, nor beside it, nor when text is being selected), a long-press (500 ms without moving;
 * the browser's own long-press menu is suppressed), or, with the message focused, Enter, Space,
 * the context-menu key or Shift+F10. Spread the result onto the message's element.
 */
const LONG_PRESS_MS = 500;
const MOVE_PX = 10;
/** Controls inside a message keep their own taps. */
const OWN_TAP = "a, button, input, textarea, select, summary, [role='button'], dialog";

/**
 * `area`: a selector within the element that taps and long-presses must land in (the message's
 * column: not the empty width of its row).
 */
export function sheetHandlers(enabled: () => boolean, open: () => void, area = ".msg-column") {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let start: { x: number; y: number } | null = null;
  /** The click that ends a long-press must not count as a tap. */
  let pressed = false;
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    start = null;
  };
  const inControl = (e: Event) => {
    const target = e.target as Element | null;
    const host = e.currentTarget as Element;
    const control = target?.closest(OWN_TAP);
    return !!control && control !== host && host.contains(control);
  };
  const outside = (e: Event) => !(e.target as Element | null)?.closest(area);
  return {
    onPointerDown: (e: PointerEvent) => {
      pressed = false;
      if (!enabled() || e.pointerType === "mouse" || inControl(e) || outside(e)) return;
      start = { x: e.clientX, y: e.clientY };
      timer = setTimeout(() => {
        timer = undefined;
        pressed = true;
        open();
      }, LONG_PRESS_MS);
    },
    onPointerMove: (e: PointerEvent) => {
      if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > MOVE_PX) cancel();
    },
    onPointerUp: cancel,
    // Lifting the finger after a long-press must not tap whatever the sheet put under it.
    onTouchEnd: (e: TouchEvent) => {
      if (pressed && e.cancelable) e.preventDefault();
    },
    onPointerCancel: cancel,
    onContextMenu: (e: MouseEvent) => {
      if (!enabled() || inControl(e)) return;
      e.preventDefault();
      if (!pressed) {
        cancel();
        pressed = true;
        open();
      }
    },
    onClick: (e: MouseEvent) => {
      if (pressed) {
        pressed = false;
        return;
      }
      if (!enabled() || inControl(e) || outside(e)) return;
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed && (e.currentTarget as Element).contains(selection.anchorNode)) return;
      open();
    },
    onKeyDown: (e: KeyboardEvent) => {
      if (!enabled()) return;
      const onMessage = e.target === e.currentTarget;
      if ((onMessage && (e.key === "Enter" || e.key === " ")) || e.key === "ContextMenu" || (e.key === "F10" && e.shiftKey)) {
        e.preventDefault();
        open();
      }
    },
  };
}
