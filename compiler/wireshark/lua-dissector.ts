/**
 * The fixed Lua that ties the decoder to Wireshark: message lookup by code, request/reply matching by sync
 * per connection (links and response time), the header and Info column, PDU reassembly by
 * dissect_tcp_pdus, and the TCP ports of the preference.
 */
export const DISSECTOR = String.raw`
local BY_CODE = {}
for _, m in ipairs(M) do
  BY_CODE[m.code] = BY_CODE[m.code] or {}
  table.insert(BY_CODE[m.code], m)
end

-- The message of a code: the first entry of the Services preference (Service or Service=ports) that has
-- it and whose ports hold the server's, else the first service of the schemas that has it.
local function message_of(code, server_port)
  local list = BY_CODE[code]
  if list == nil then return nil end
  for entry in string.gmatch(iproto.prefs.service, "[^;]+") do
    local name, range = string.match(entry, "^%s*([^=]-)%s*=%s*(.-)%s*$")
    if name == nil then name = string.match(entry, "^%s*(.-)%s*$") end
    if range == nil or in_range(range, server_port) then
      for _, m in ipairs(list) do if m.service == name then return m end end
    end
  end
  return list[1]
end

local pending, links = {}, {}
function iproto.init()
  pending, links = {}, {}
end

local function endpoint(addr, port) return tostring(addr) .. ":" .. port end

local function nstime(seconds)
  if seconds < 0 then seconds = 0 end
  local s = math.floor(seconds)
  return NSTime.new(s, math.floor((seconds - s) * 1e9 + 0.5))
end

-- The Info column of a frame lists each of its PDUs (TCP may call the dissector more than once per frame).
local info_parts, info_frame = {}, nil

local function dissect_pdu(tvb, pinfo, tree)
  local total = tvb:len()
  local code, len, sync = tvb(0, 4):le_uint(), tvb(4, 4):le_uint(), tvb(8, 4):le_uint()
  local is_reply
  if in_ports(pinfo.dst_port) then is_reply = false
  elseif in_ports(pinfo.src_port) then is_reply = true
  else is_reply = pinfo.src_port < pinfo.dst_port end
  local kind = is_reply and "reply" or "request"
  local m = message_of(code, is_reply and pinfo.src_port or pinfo.dst_port)
  local title = m and (m.service .. "." .. m.name) or string.format("message 0x%x", code)
  local root = tree:add(iproto, tvb(), string.format("iproto, %s %s, sync %d", title, kind, sync))
  root:add_le(G.msg, tvb(0, 4))
  root:add_le(G.len, tvb(4, 4))
  root:add_le(G.sync, tvb(8, 4))
  root:add(G.reply, is_reply):set_generated()
  if m ~= nil then
    root:add(G.service, m.service):set_generated()
    root:add(G.message, m.name):set_generated()
  end

  local client = is_reply and endpoint(pinfo.dst, pinfo.dst_port) or endpoint(pinfo.src, pinfo.src_port)
  local server = is_reply and endpoint(pinfo.src, pinfo.src_port) or endpoint(pinfo.dst, pinfo.dst_port)
  local conv = client .. " " .. server
  local key = pinfo.number .. ":" .. sync .. ":" .. kind
  local rec = nil
  if pinfo.visited then
    rec = links[key] or nil
  elseif is_reply then
    local p = pending[conv]
    rec = p and p[sync]
    if rec ~= nil then
      p[sync] = nil
      rec.reply, rec.reply_ts = pinfo.number, pinfo.abs_ts
    end
    links[key] = rec or false
  else
    rec = { frame = pinfo.number, ts = pinfo.abs_ts, values = {} }
    links[key] = rec
    if m == nil or not m.noreply then
      pending[conv] = pending[conv] or {}
      pending[conv][sync] = rec
    end
  end
  if rec ~= nil then
    if is_reply then
      root:add(G.request_in, rec.frame):set_generated()
      root:add(G.time, nstime(pinfo.abs_ts - rec.ts)):set_generated()
    elseif rec.reply ~= nil then
      root:add(G.response_in, rec.reply):set_generated()
    end
  elseif is_reply then
    root:add_tvb_expert_info(EX.unmatched, tvb(0, 12))
  end

  local info = string.format("%s %s sync=%d", title, kind, sync)
  local stop = 12 + len
  if stop > total then
    root:add_tvb_expert_info(EX.length, tvb(4, 4), string.format("body length %d: not believed", len))
    stop = total
  end
  local c = { tvb = tvb, pos = 12, stop = stop }
  if m == nil then
    if stop > 12 then root:add(G.body, tvb(12, stop - 12)) end
    root:add_tvb_expert_info(EX.unknown, tvb(0, 12))
  elseif is_reply and m.resp == nil then
    if stop > 12 then root:add(G.body, tvb(12, stop - 12)) end
    root:add_tvb_expert_info(EX.unknown, tvb(0, 12), "a reply to a message that has none")
  else
    local ok, res = pcall(function()
      if is_reply then return decode_reply(c, m, root, rec and rec.values or {}) end
      decode_layout(c, L[m.req], root, {}, 1, rec and rec.values or {})
      return nil
    end)
    if not ok then
      if type(res) == "table" and res.iproto_error ~= nil then
        local at = math.min(res.at or 12, stop)
        root:add_tvb_expert_info(EX.malformed, tvb(at, stop - at), res.iproto_error)
        info = info .. " [malformed]"
      else
        root:add_tvb_expert_info(EX.malformed, tvb(0, 12), tostring(res))
        info = info .. " [dissector error]"
      end
    else
      if c.pos < c.stop then
        root:add(G.trailing, tvb(c.pos, c.stop - c.pos))
        root:add_tvb_expert_info(EX.trailing, tvb(c.pos, c.stop - c.pos), string.format("%d bytes after the last field", c.stop - c.pos))
      end
      if res ~= nil then
        local ecode = N(res.code)
        root:add(G.error, true):set_generated()
        root:add(G.error_code, Int64.new(ecode)):set_generated()
        if res.message ~= nil then root:add(G.error_message, res.message):set_generated() end
        local text = string.format("error %d (0x%x)", ecode, ecode % 4294967296)
        if res.message ~= nil then text = text .. ": " .. res.message end
        root:add_tvb_expert_info(EX.error_reply, tvb(0, 12), text)
        info = info .. " " .. text
      end
    end
  end
  pinfo.cols.protocol = "iproto"
  if #info_parts == 0 then pinfo.cols.info = info else pinfo.cols.info:append("; " .. info) end
  info_parts[#info_parts + 1] = info
  return total
end

local function pdu_length(tvb, pinfo, offset)
  local len = tvb(offset + 4, 4):le_uint()
  if len > iproto.prefs.max_body then return tvb:len() - offset end
  return 12 + len
end

function iproto.dissector(tvb, pinfo, tree)
  local frame = pinfo.number .. (pinfo.visited and "v" or "")
  if frame ~= info_frame then info_parts, info_frame = {}, frame end
  dissect_tcp_pdus(tvb, tree, 12, pdu_length, dissect_pdu, true)
  return tvb:len()
end

local tcp_port = DissectorTable.get("tcp.port")
local registered = ""
local function register_ports()
  if registered ~= "" then tcp_port:remove(registered, iproto) end
  registered = iproto.prefs.ports
  if registered ~= "" then tcp_port:add(registered, iproto) end
end
function iproto.prefs_changed() register_ports() end
register_ports()
tcp_port:add_for_decode_as(iproto)
`;
