/**
 * The fixed Lua of every generated dissector, around the schema's data: emit.ts puts HELPERS (here) before
 * the data, whose conditions call them, then DECODER (lua-decoder.ts) and DISSECTOR (lua-dissector.ts) after
 * it. Wireshark ≥ 3.6 Lua API (Lua 5.2): Proto, ProtoField, ProtoExpert, Pref, dissect_tcp_pdus, frametype.
 * Nothing here comes from a schema.
 */

/** Expression helpers (see expr.ts) — model/expr-eval.ts semantics on Lua doubles. */
export const HELPERS = String.raw`
local function N(x)
  local t = type(x)
  if t == "number" then return x end
  if t == "boolean" then return x and 1 or 0 end
  if t == "nil" or t == "string" then return 0 end
  return tonumber(tostring(x)) or 0
end
local function T(x)
  local t = type(x)
  if t == "boolean" then return x end
  if t == "string" then return x ~= "" end
  return N(x) ~= 0
end
local function EQ(a, b)
  if type(a) == "string" or type(b) == "string" then return a == b end
  return N(a) == N(b)
end
local function TRUNC(x) if x < 0 then return math.ceil(x) end return math.floor(x) end
local function DIV(a, b)
  a, b = N(a), N(b)
  if b == 0 then return 0 end
  if a % 1 ~= 0 or b % 1 ~= 0 then return a / b end
  return TRUNC(a / b)
end
local function MOD(a, b)
  a, b = N(a), N(b)
  if b == 0 then return 0 end
  return a - b * TRUNC(a / b)
end
local TWO32 = 4294967296
local function BITS(op, a, b)
  a, b = N(a), N(b)
  if a >= 0 and b >= 0 and a < TWO32 and b < TWO32 then return op(a, b) end
  local ah, bh = math.floor(a / TWO32), math.floor(b / TWO32)
  local hi = op(ah % TWO32, bh % TWO32)
  local lo = op(a - ah * TWO32, b - bh * TWO32)
  if hi >= 2147483648 then hi = hi - TWO32 end
  return hi * TWO32 + lo
end
local function BAND(a, b) return BITS(bit32.band, a, b) end
local function BOR(a, b) return BITS(bit32.bor, a, b) end
local function BXOR(a, b) return BITS(bit32.bxor, a, b) end
local function SHIFT(b) b = N(b) if b > 1024 then return 1024 elseif b < -1024 then return -1024 end return b end
local function SHR(a, b) b = SHIFT(b) if b < 0 then return N(a) * 2 ^ -b end return math.floor(N(a) / 2 ^ b) end
local function SHL(a, b) b = SHIFT(b) if b < 0 then return SHR(a, -b) end return N(a) * 2 ^ b end
`;
