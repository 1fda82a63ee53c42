import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MessageComposer } from "./MessageComposer";

function renderComposer(onSend: (text: string) => Promise<void>) {
  render(
    <MessageComposer channelName="general" onSend={onSend} onTyping={() => {}} typingUsers={[]} />,
  );
  return screen.getByRole("textbox", { name: "Message #general" }) as HTMLTextAreaElement;
}

afterEach(cleanup);

describe("MessageComposer", () => {
  it("sends on Enter and clears only once the server confirmed", async () => {
    let confirm!: () => void;
    const onSend = vi.fn(() => new Promise<void>((resolve) => (confirm = resolve)));
    const box = renderComposer(onSend);
    fireEvent.change(box, { target: { value: "hello" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith("hello");
    expect(box.value).toBe("hello");
    await act(async () => confirm());
    expect(box.value).toBe("");
  });

  it("does not send on Shift+Enter (a newline) nor for blank text", () => {
    const onSend = vi.fn(async () => {});
    const box = renderComposer(onSend);
    fireEvent.change(box, { target: { value: "line one" } });
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    fireEvent.change(box, { target: { value: "   \n  " } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).not.toHaveBeenCalled();
  });

  it("keeps the text and shows the reason when the server refuses", async () => {
    const onSend = vi.fn(async () => {
      throw new Error("Join this server to post");
    });
    const box = renderComposer(onSend);
    fireEvent.change(box, { target: { value: "let me in" } });
    await act(async () => {
      fireEvent.keyDown(box, { key: "Enter" });
    });
    expect(box.value).toBe("let me in");
    expect(screen.getByRole("alert").textContent).toBe("Join this server to post");
  });

  it("offers matching members on @ and inserts <@ID>", () => {
    const onSend = vi.fn(async () => {});
    render(
      <MessageComposer
        channelName="general"
        onSend={onSend}
        onTyping={() => {}}
        typingUsers={[]}
        mentionUsers={
          new Map([
            [1, "alice"],
            [2, "bob"],
            [3, "albert"],
          ])
        }
      />,
    );
    const box = screen.getByRole("textbox", { name: "Message #general" }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: "hi @al", selectionStart: 6 } });
    const list = screen.getByRole("listbox", { name: "Mention a member" });
    expect(list.textContent).toContain("albert");
    expect(list.textContent).not.toContain("bob");
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(screen.getByRole("option", { selected: true }).textContent).toContain("alice");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(box.value).toBe("hi <@1> ");
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("shows whom a reply answers, with a way to cancel", () => {
    const onCancelReply = vi.fn();
    render(
      <MessageComposer
        channelName="general"
        onSend={async () => {}}
        onTyping={() => {}}
        typingUsers={[]}
        replyTo={{ id: 4, sender: "bob" }}
        onCancelReply={onCancelReply}
      />,
    );
    expect(screen.getByText(/Replying to/).textContent).toBe("Replying to bob");
    fireEvent.click(screen.getByRole("button", { name: "Cancel reply" }));
    expect(onCancelReply).toHaveBeenCalled();
  });
});
