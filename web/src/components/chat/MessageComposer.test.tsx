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
});
