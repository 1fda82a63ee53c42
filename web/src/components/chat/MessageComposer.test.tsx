import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useSyncExternalStore } from "react";
import type { UploadTrayControl } from "../../hooks/useUploadTray";
import { UploadTray } from "../../services/uploadTray";
import type { Attachment } from "../../types/api";
import { MessageComposer } from "./MessageComposer";

function renderComposer(onSend: (text: string, attachments: number[]) => Promise<void>) {
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
    expect(onSend).toHaveBeenCalledWith("hello", []);
    expect(box.value).toBe("hello");
    await act(async () => confirm());
    expect(box.value).toBe("");
  });

  it("offers nothing to send while disabled (a moderator's timeout)", () => {
    const onSend = vi.fn(async () => {});
    render(
      <MessageComposer
        channelName="general"
        onSend={onSend}
        onTyping={() => {}}
        typingUsers={[]}
        disabled
      />,
    );
    const box = screen.getByRole("textbox", { name: "Message #general" }) as HTMLTextAreaElement;
    expect(box.disabled).toBe(true);
    expect(box.placeholder).toBe("You can't post here for now");
    fireEvent.change(box, { target: { value: "let me talk" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).not.toHaveBeenCalled();
    expect(
      (screen.getByRole("button", { name: "Send message" }) as HTMLButtonElement).disabled,
    ).toBe(true);
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

describe("MessageComposer with files", () => {
  function setUp(onSend: (text: string, ids: number[]) => Promise<void>) {
    const uploads: { finish(id: number): void; abort: ReturnType<typeof vi.fn> }[] = [];
    const tray = new UploadTray({
      maxBytes: () => 1000,
      createObjectUrl: () => "blob:x",
      revokeObjectUrl: () => {},
      upload(file) {
        let finish!: (a: Attachment) => void;
        const done = new Promise<Attachment>((resolve) => (finish = resolve));
        const abort = vi.fn();
        uploads.push({
          finish: (id) =>
            finish({ id, filename: file.name, content_type: "text/plain", size: 1, url: "/u" }),
          abort,
        });
        return { done, abort };
      },
    });
    function WithTray() {
      const state = useSyncExternalStore(
        (l) => tray.subscribe(l),
        () => tray.snapshot,
      );
      const control: UploadTrayControl = {
        state,
        add: (f) => tray.add(f),
        remove: (k) => tray.remove(k),
        clear: () => tray.clear(),
      };
      return (
        <MessageComposer
          channelName="general"
          onSend={onSend}
          onTyping={() => {}}
          typingUsers={[]}
          uploads={control}
        />
      );
    }
    render(<WithTray />);
    const input = screen.getByTestId("attach-input") as HTMLInputElement;
    const choose = (...files: File[]) => fireEvent.change(input, { target: { files } });
    return { tray, uploads, choose, box: screen.getByRole("textbox") as HTMLTextAreaElement };
  }
  const send = () => screen.getByRole("button", { name: "Send message" }) as HTMLButtonElement;

  it("the attach button opens the file chooser", () => {
    setUp(async () => {});
    const input = screen.getByTestId("attach-input") as HTMLInputElement;
    const click = vi.spyOn(input, "click");
    fireEvent.click(screen.getByRole("button", { name: "Attach files" }));
    expect(click).toHaveBeenCalled();
  });

  it("sends stored files with blank text, then empties the tray", async () => {
    const onSend = vi.fn(async () => {});
    const { uploads, choose, box } = setUp(onSend);
    choose(new File(["a"], "a.txt", { type: "text/plain" }));
    expect(screen.getByRole("progressbar", { name: "Uploading a.txt" })).toBeTruthy();
    expect(send().disabled).toBe(true);
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toMatch(/finish uploading/);
    await act(async () => uploads[0].finish(31));
    expect(send().disabled).toBe(false);
    fireEvent.change(box, { target: { value: "   " } });
    await act(async () => fireEvent.click(send()));
    expect(onSend).toHaveBeenCalledWith("", [31]);
    expect(screen.queryByRole("list", { name: "Files to send" })).toBeNull();
  });

  it("keeps the files when the send is refused", async () => {
    const onSend = vi.fn(async () => {
      throw new Error("Each attachment must be an unused upload of yours in this channel.");
    });
    const { uploads, choose } = setUp(onSend);
    choose(new File(["a"], "a.txt", { type: "text/plain" }));
    await act(async () => uploads[0].finish(5));
    await act(async () => fireEvent.click(send()));
    expect(screen.getByRole("alert").textContent).toMatch(/unused upload/);
    expect(screen.getAllByRole("listitem")).toHaveLength(1);
  });

  it("a refused file blocks sending until it is removed", async () => {
    const onSend = vi.fn(async () => {});
    const { choose, box } = setUp(onSend);
    choose(new File(["x".repeat(2000)], "big.bin"));
    expect(screen.getByText("This file is 2.0 KB; the limit is 1000 B.")).toBeTruthy();
    fireEvent.change(box, { target: { value: "hi" } });
    expect(send().disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Remove big.bin" }));
    await act(async () => fireEvent.click(send()));
    expect(onSend).toHaveBeenCalledWith("hi", []);
  });

  it("pasted files are attached; pasted text stays text", () => {
    const { tray, box } = setUp(async () => {});
    const png = new File(["p"], "image.png", { type: "image/png" });
    fireEvent.paste(box, { clipboardData: { files: [png], getData: () => "" } });
    expect(tray.snapshot.items.map((i) => i.name)).toEqual(["image.png"]);
    fireEvent.paste(box, { clipboardData: { files: [png], getData: () => "some words" } });
    expect(tray.snapshot.items).toHaveLength(1);
  });
});
