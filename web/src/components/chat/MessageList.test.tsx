import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { message } from "../../services/testGateway";
import { ConversationContext } from "./conversationContext";
import type { ConversationActions } from "./conversationContext";
import { MessageList } from "./MessageList";

const actions: ConversationActions = {
  myUserId: 1,
  canPost: true,
  canModerate: false,
  names: new Map(),
  reply: vi.fn(),
  openPicker: vi.fn(),
  toggleReaction: vi.fn(),
  edit: vi.fn(async () => {}),
  askDelete: vi.fn(),
  jumpTo: vi.fn(),
};

function renderList(props: Partial<Parameters<typeof MessageList>[0]> = {}) {
  return render(
    <ConversationContext.Provider value={actions}>
      <MessageList
        channelName="general"
        messages={[message(1), message(2), message(3)]}
        loading={false}
        hasOlder={false}
        hasNewer={false}
        loadingOlder={false}
        loadingNewer={false}
        onLoadOlder={() => {}}
        onLoadNewer={() => {}}
        onJumpToPresent={() => {}}
        myUserId={1}
        jump={null}
        {...props}
      />
    </ConversationContext.Provider>,
  );
}

afterEach(cleanup);

describe("MessageList read marks", () => {
  it("puts the new-messages divider before the first unread message", () => {
    renderList({ firstUnreadId: 2 });
    const divider = screen.getByRole("separator", { name: "New messages" });
    const rows = [...document.querySelectorAll("[data-message-id]")];
    const second = rows.find((row) => row.getAttribute("data-message-id") === "2")!;
    expect(divider.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const first = rows.find((row) => row.getAttribute("data-message-id") === "1")!;
    expect(divider.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
  });

  it("offers the jump when the first unread is older than the page, and acks the bottom seen", () => {
    const onJumpToUnread = vi.fn();
    const onBottomSeen = vi.fn();
    renderList({ onJumpToUnread, onBottomSeen });
    expect(screen.queryByRole("separator", { name: "New messages" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Jump to first unread" }));
    expect(onJumpToUnread).toHaveBeenCalled();
    // jsdom lays nothing out: the list is "at the bottom", its last message seen.
    expect(onBottomSeen).toHaveBeenCalledWith(3);
  });

  it("does not ack while an older window is shown", () => {
    const onBottomSeen = vi.fn();
    renderList({ hasNewer: true, onBottomSeen });
    expect(onBottomSeen).not.toHaveBeenCalled();
    expect(screen.queryByRole("button", { name: "Jump to first unread" })).toBeNull();
  });
});
