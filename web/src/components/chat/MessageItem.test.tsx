import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { message } from "../../services/testGateway";
import type { ChatMessage } from "../../types/api";
import { ConversationContext } from "./conversationContext";
import type { ConversationActions } from "./conversationContext";
import { EmojiPickerDialog } from "./EmojiPickerDialog";
import { MessageItem } from "./MessageItem";

const ME = 1;

function renderMessage(msg: ChatMessage, overrides: Partial<ConversationActions> = {}) {
  const actions: ConversationActions = {
    myUserId: ME,
    canPost: true,
    canModerate: false,
    names: new Map([
      [1, "alice"],
      [2, "bob"],
    ]),
    reply: vi.fn(),
    openPicker: vi.fn(),
    toggleReaction: vi.fn(),
    edit: vi.fn(async () => {}),
    askDelete: vi.fn(),
    jumpTo: vi.fn(),
    ...overrides,
  };
  render(
    <ConversationContext.Provider value={actions}>
      <MessageItem message={msg} showHeader highlighted={false} />
    </ConversationContext.Provider>,
  );
  return actions;
}

const buttonNames = () => screen.queryAllByRole("button").map((b) => b.getAttribute("aria-label"));

afterEach(cleanup);

describe("MessageItem", () => {
  it("offers edit and delete on my own messages only", () => {
    renderMessage(message(1, { sender: "alice", sender_id: ME }));
    expect(buttonNames()).toEqual(["Reply", "Add reaction", "Edit message", "Delete message"]);
    cleanup();
    renderMessage(message(2));
    expect(buttonNames()).toEqual(["Reply", "Add reaction"]);
    cleanup();
    renderMessage(message(2), { canModerate: true });
    expect(buttonNames()).toEqual(["Reply", "Add reaction", "Delete message"]);
    cleanup();
    renderMessage(message(2), { canPost: false });
    expect(buttonNames()).toEqual([]);
  });

  it("edits inline: Enter saves, Escape cancels", async () => {
    const actions = renderMessage(message(1, { sender: "alice", sender_id: ME, content: "old" }));
    fireEvent.click(screen.getByRole("button", { name: "Edit message" }));
    let box = screen.getByRole("textbox", { name: "Edit message" });
    fireEvent.change(box, { target: { value: "discarded" } });
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("textbox", { name: "Edit message" })).toBeNull();
    expect(screen.getByText("old")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Edit message" }));
    box = screen.getByRole("textbox", { name: "Edit message" });
    expect((box as HTMLTextAreaElement).value).toBe("old");
    fireEvent.change(box, { target: { value: "new text" } });
    await act(async () => {
      fireEvent.keyDown(box, { key: "Enter" });
    });
    expect(actions.edit).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }), "new text");
    expect(screen.queryByRole("textbox", { name: "Edit message" })).toBeNull();
  });

  it("keeps the editor open with the reason when saving fails", async () => {
    renderMessage(message(1, { sender: "alice", sender_id: ME }), {
      edit: async () => {
        throw new Error("You do not have permission to perform this action.");
      },
    });
    fireEvent.click(screen.getByRole("button", { name: "Edit message" }));
    const box = screen.getByRole("textbox", { name: "Edit message" });
    fireEvent.change(box, { target: { value: "changed" } });
    await act(async () => {
      fireEvent.keyDown(box, { key: "Enter" });
    });
    expect(screen.getByRole("alert").textContent).toMatch(/permission/);
    expect(screen.getByRole("textbox", { name: "Edit message" })).toBeTruthy();
  });

  it("shows (edited), mentions as names and never renders content as HTML", () => {
    renderMessage(
      message(1, { content: "<b>hi</b> <@1> <@99>", edited_at: "2026-11-28T10:00:00.000000Z" }),
    );
    expect(screen.getByText("(edited)")).toBeTruthy();
    const text = document.querySelector("[data-message-id]")!;
    expect(text.textContent).toContain("<b>hi</b> @alice @unknown-user");
    expect(text.querySelector("b")).toBeNull();
  });

  it("marks a message that mentions me", () => {
    renderMessage(message(1, { mentions: [ME] }));
    expect(document.querySelector("[data-message-row]")!.getAttribute("aria-label")).toBe(
      "bob, mentions you",
    );
  });

  it("shows reaction chips as toggles named by emoji and count", () => {
    const actions = renderMessage(
      message(1, {
        reactions: [
          { emoji: "👍", count: 2, me: true },
          { emoji: "🎉", count: 1, me: false },
        ],
      }),
    );
    const group = screen.getByRole("group", { name: "Reactions" });
    const thumbs = within(group).getByRole("button", { name: "👍 2" });
    expect(thumbs.getAttribute("aria-pressed")).toBe("true");
    const party = within(group).getByRole("button", { name: "🎉 1" });
    expect(party.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(thumbs);
    fireEvent.click(party);
    expect(actions.toggleReaction).toHaveBeenNthCalledWith(1, expect.anything(), "👍", false);
    expect(actions.toggleReaction).toHaveBeenNthCalledWith(2, expect.anything(), "🎉", true);
  });

  it("shows a reply's quote, which jumps to the original, or says it was deleted", () => {
    const actions = renderMessage(
      message(2, { reply_to: { id: 1, sender: "alice", sender_id: 1, content: "first\nsecond" } }),
    );
    fireEvent.click(screen.getByRole("button", { name: "Reply to alice: first" }));
    expect(actions.jumpTo).toHaveBeenCalledWith(1);
    cleanup();
    renderMessage(message(2, { reply_to: { id: 1, deleted: true } }));
    expect(screen.getByText("Original message was deleted")).toBeTruthy();
  });
});

describe("EmojiPickerDialog", () => {
  it("is a dialog of emoji buttons moved through with the arrow keys", () => {
    const onChoose = vi.fn();
    render(<EmojiPickerDialog open onClose={() => {}} onChoose={onChoose} />);
    const dialog = screen.getByRole("dialog", { name: "Choose an emoji" });
    const grid = within(dialog).getByRole("group", { name: "Emoji" });
    const buttons = within(grid).getAllByRole("button");
    expect(buttons.length).toBeGreaterThanOrEqual(60);
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(buttons[0], { key: "ArrowRight" });
    expect(document.activeElement).toBe(buttons[1]);
    fireEvent.keyDown(buttons[1], { key: "ArrowDown" });
    expect(document.activeElement).toBe(buttons[9]);
    fireEvent.keyDown(buttons[9], { key: "End" });
    expect(document.activeElement).toBe(buttons[buttons.length - 1]);
    fireEvent.click(within(grid).getByRole("button", { name: /^👍/ }));
    expect(onChoose).toHaveBeenCalledWith("👍");
  });

  it("closes on Escape", () => {
    const onClose = vi.fn();
    render(<EmojiPickerDialog open onClose={onClose} onChoose={() => {}} />);
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });
});
