// Fallback echo server for the transport benchmark when cc is missing: an echoed iproto request is a
// valid reply. 127.0.0.1 only; prints "PORT <n>"; exits when stdin closes.
import net from "node:net";

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on("data", (chunk) => socket.write(chunk));
  socket.on("error", () => {});
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`PORT ${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0)).resume();
