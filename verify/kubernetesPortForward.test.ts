import assert from "node:assert/strict";
import { connect } from "node:net";
import type { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { listenOnLoopback } from "./kubernetesPortForward";

describe("a port-forward's loopback listener", () => {
  it("survives the pod's answer arriving just after the client hung up", async () => {
    let wrote: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const forwarder = {
      // What the client library does: write the pod's bytes to the local socket as they come; here
      // they come as the client's FIN does.
      portForward: (_namespace: string, _pod: string, _ports: number[], output: Writable) => {
        // Once Node has ended the socket's own side after the client's FIN, before it closes it.
        output.once("finish", () => {
          output.write("late answer");
          wrote();
        });
        return Promise.resolve({ close: () => undefined });
      },
    };
    const listener = await listenOnLoopback(forwarder, "ns", "pod", 19530);
    try {
      const client = connect(listener.port, "127.0.0.1");
      await new Promise<void>((resolve) => client.once("connect", resolve));
      client.end();
      // Without the listener's error handler, the write after the client's FIN is an uncaught EPIPE here.
      await written;
      await sleep(50);
      assert.equal(client.destroyed || client.readableEnded, true);
    } finally {
      await listener.close();
    }
  });
});
