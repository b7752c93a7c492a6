"""Pure command builders, one module per API family: call arguments and a resolved policy in, a
wire-shaped Command (or BatchCommand, or info request) out. Nothing here talks to a transport."""
