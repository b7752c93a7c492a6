"""Path-expression cases, each checked on a real Aerospike CE 8.1.2 server with the official
client 19.3.0 (server: the expected answer is the server's). Plain data, evaluated by
test_path_expressions.py with aeromodel's helpers and by the recording script with the official
ones: (label, bins, operations, expected) where expected is ("ok", answer bins, bins after or
None when unchanged) or ("err", code)."""

M = "{'m': {'a': {'x': 1, 'y': [1, 2, 3]}, 'b': {'x': 5, 'y': [4, 5]}, 'c': 7}}"
L = "{'m': [[1, 2], [3, [4, 5]], 6, {'k': 1}]}"
ALL = "c.cdt_ctx_all_children()"
GT4 = "c.cdt_ctx_all_children_with_filter(e.GT(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 4).compile())"
INC = "ar.Add(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 10).compile()"


def sel(ctx: str, flags: str) -> str:
    return f"[op.select_by_path('m', [{ctx}], {flags})]"


def mod(ctx: str, exp: str, flags: str) -> str:
    return f"[op.modify_by_path('m', [{ctx}], {exp}, {flags})]"


def exsel(ctx: str, flags: str, rt: str, bin_: str = "e.MapBin('m')") -> str:
    return f"[eo.expression_read('r', e.SelectByPath([{ctx}], r.ResultType.{rt}, {flags}, {bin_}).compile())]"


MTREE = {"a": {"x": 1, "y": [1, 2, 3]}, "b": {"x": 5, "y": [4, 5]}, "c": 7}
CASES = [
    # select modes
    ("tree all/all", M, sel(f"{ALL}, {ALL}", "0"), ("ok", {"m": MTREE}, None)),
    ("leaf values all/all", M, sel(f"{ALL}, {ALL}", "1"), ("ok", {"m": [1, [1, 2, 3], 5, [4, 5]]}, None)),
    ("map keys all/all", M, sel(f"{ALL}, {ALL}", "2"), ("ok", {"m": ["x", "y", "x", "y"]}, None)),
    ("keys and values", M, sel(f"{ALL}, {ALL}", "3"),
     ("ok", {"m": ["x", 1, "y", [1, 2, 3], "x", 5, "y", [4, 5]]}, None)),
    ("leaf values one level", M, sel(ALL, "1"), ("ok", {"m": [{"x": 1, "y": [1, 2, 3]}, {"x": 5, "y": [4, 5]}, 7]}, None)),
    ("keys one level", M, sel(ALL, "2"), ("ok", {"m": ["a", "b", "c"]}, None)),
    ("list tree", L, sel(f"{ALL}, {ALL}", "0"), ("ok", {"m": [[1, 2], [3, [4, 5]], 6, {"k": 1}]}, None)),
    ("list leaves skip scalars above the leaf", L, sel(f"{ALL}, {ALL}", "1"), ("ok", {"m": [1, 2, 3, [4, 5], 1]}, None)),
    ("map keys of a list", L, sel(f"{ALL}, {ALL}", "2"), ("err", 12)),
    ("map keys of a list, no fail", L, sel(ALL, "2 | 16"), ("ok", {"m": []}, None)),
    ("apply bit cleared by the client", M, sel(ALL, "5"),
     ("ok", {"m": [{"x": 1, "y": [1, 2, 3]}, {"x": 5, "y": [4, 5]}, 7]}, None)),
    ("deep, scalars above the leaf (tree)", "{'m': [1, [2, [3]]]}", sel(f"{ALL}, {ALL}, {ALL}", "0"),
     ("ok", {"m": [1, [2, [3]]]}, None)),
    ("deep, scalars above the leaf (values)", "{'m': [1, [2, [3]]]}", sel(f"{ALL}, {ALL}, {ALL}", "1"),
     ("ok", {"m": [3]}, None)),
    # ordinary contexts in a path
    ("map key", M, sel("c.cdt_ctx_map_key('a')", "0"), ("ok", {"m": {"a": MTREE["a"]}}, None)),
    ("map key / key", M, sel("c.cdt_ctx_map_key('a'), c.cdt_ctx_map_key('y')", "0"),
     ("ok", {"m": {"a": {"y": [1, 2, 3]}}}, None)),
    ("list index out of range: nothing", M, sel(f"{ALL}, c.cdt_ctx_map_key('y'), c.cdt_ctx_list_index(9)", "0"),
     ("ok", {"m": {"a": {"y": []}, "b": {"y": []}, "c": 7}}, None)),
    ("list value matches every equal", "{'m': [1, 2, 1]}", sel("c.cdt_ctx_list_value(1)", "0"), ("ok", {"m": [1, 1]}, None)),
    ("map value matches every equal", "{'m': {'a': [1, 2], 'b': [1, 2], 'c': 1}}", sel("c.cdt_ctx_map_value([1, 2])", "1"),
     ("ok", {"m": [[1, 2], [1, 2]]}, None)),
    ("list rank", L, sel("c.cdt_ctx_list_rank(0)", "0"), ("ok", {"m": [6]}, None)),
    ("map rank", M, sel("c.cdt_ctx_map_rank(-1)", "0"), ("ok", {"m": {"b": MTREE["b"]}}, None)),
    ("map index", M, sel("c.cdt_ctx_map_index(1)", "0"), ("ok", {"m": {"b": MTREE["b"]}}, None)),
    ("list index create selects as an index", L, sel("c.cdt_ctx_list_index_create(0)", "0"), ("ok", {"m": [[1, 2]]}, None)),
    ("map keys in", M, sel("c.cdt_ctx_map_keys_in(['c', 'a', 'zz'])", "0"),
     ("ok", {"m": {"a": MTREE["a"], "c": 7}}, None)),
    ("map keys in, repeated keys", "{'m': {'a': 1, 'b': 2}}", sel("c.cdt_ctx_map_keys_in(['b', 'b', 'a'])", "0"),
     ("ok", {"m": {"a": 1, "b": 2}}, None)),
    # filters on loop variables
    ("filter on values", M, sel(f"{ALL}, c.cdt_ctx_map_key('y'), {GT4}", "0"),
     ("ok", {"m": {"a": {"y": []}, "b": {"y": [5]}, "c": 7}}, None)),
    ("filter on values, leaves", M, sel(f"{ALL}, c.cdt_ctx_map_key('y'), {GT4}", "1"), ("ok", {"m": [5]}, None)),
    ("filter unknown on a map value", M, sel(GT4, "0"), ("err", 4)),
    ("filter unknown, no fail", M, sel(GT4, "16"), ("ok", {"m": {"c": 7}}, None)),
    ("filter on keys", M, sel("c.cdt_ctx_all_children_with_filter(e.Eq(e.LoopVarStr(A.EXP_LOOPVAR_KEY), 'b').compile())", "0"),
     ("ok", {"m": {"b": MTREE["b"]}}, None)),
    ("filter on the index", L, sel("c.cdt_ctx_all_children_with_filter(e.LT(e.LoopVarInt(A.EXP_LOOPVAR_INDEX), 2).compile())", "0"),
     ("ok", {"m": [[1, 2], [3, [4, 5]]]}, None)),
    ("no index in a map", M, sel("c.cdt_ctx_all_children_with_filter(e.LT(e.LoopVarInt(A.EXP_LOOPVAR_INDEX), 2).compile())", "0"),
     ("err", 4)),
    ("a filter that is not boolean", M, sel("c.cdt_ctx_all_children_with_filter(e.LoopVarInt(A.EXP_LOOPVAR_VALUE).compile())", "0"),
     ("err", 4)),
    ("bins are unknown in a filter", "{'m': [1, 2], 'q': 1}",
     sel("c.cdt_ctx_all_children_with_filter(e.Eq(e.IntBin('q'), 1).compile())", "16"), ("ok", {"m": []}, None)),
    ("unordered maps do not compare", "{'m': {'a': {'x': 1}}}",
     sel("c.cdt_ctx_all_children_with_filter(e.Eq(e.LoopVarMap(A.EXP_LOOPVAR_VALUE), {'x': 1}).compile())", "0"), ("err", 4)),
    ("and filter unknown in a loop", M,
     sel("c.cdt_ctx_map_keys_in(['c', 'a', 'b']), c.cdt_ctx_and_filter(e.Eq(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 7).compile())", "0"),
     ("err", 4)),
    ("and filter after a key", "{'m': {'a': 1, 'b': 9}}",
     sel("c.cdt_ctx_map_key('b'), c.cdt_ctx_and_filter(e.GT(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 4).compile())", "0"),
     ("ok", {"m": {"b": 9}}, None)),
    ("and filter unknown after an index: skipped", L,
     sel("c.cdt_ctx_list_index(0), c.cdt_ctx_and_filter(e.Eq(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 7).compile())", "0"),
     ("ok", {"m": []}, None)),
    ("and filter first", "{'m': {'a': 1}}", sel("c.cdt_ctx_and_filter(e.GT(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 0).compile())", "0"),
     ("err", 4)),
    ("and filter after all children", "{'m': {'a': 1}}",
     sel(f"{ALL}, c.cdt_ctx_and_filter(e.GT(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 0).compile())", "0"), ("err", 4)),
    # errors
    ("list context on a map", M, sel("c.cdt_ctx_list_index(0)", "0"), ("err", 4)),
    ("map context on a list", L, sel("c.cdt_ctx_map_key('k')", "0"), ("err", 4)),
    ("list context below a map key", M, sel("c.cdt_ctx_map_key('a'), c.cdt_ctx_list_index(0)", "0"), ("err", 4)),
    ("map key create", M, sel("c.cdt_ctx_map_key_create('a')", "0"), ("err", 4)),
    ("keys in on a list", "{'m': [1]}", sel("c.cdt_ctx_map_keys_in([1])", "0"), ("err", 4)),
    ("an int bin", "{'m': 5}", sel(ALL, "0"), ("err", 12)),
    ("a str bin", "{'m': 's'}", sel(ALL, "0"), ("err", 12)),
    ("a missing bin answers nothing", "{'z': 1}", sel(ALL, "0"), ("ok", {}, None)),
    ("an empty list", "{'m': []}", sel(ALL, "0"), ("ok", {"m": []}, None)),
    # modify by path
    ("modify unknown", M, mod(f"{ALL}, {ALL}", INC, "0"), ("err", 1)),
    ("modify no fail", M, mod(f"{ALL}, {ALL}", INC, "16"),
     ("ok", {}, {"m": {"a": {"x": 11, "y": [1, 2, 3]}, "b": {"x": 15, "y": [4, 5]}, "c": 7}})),
    ("modify one level", M, mod(ALL, INC, "16"),
     ("ok", {}, {"m": {"a": MTREE["a"], "b": MTREE["b"], "c": 17}})),
    ("modify a list", L, mod(f"{ALL}, {ALL}", INC, "16"), ("ok", {}, {"m": [[11, 12], [13, [4, 5]], 6, {"k": 11}]})),
    ("modify nested lists", M, mod(f"{ALL}, c.cdt_ctx_map_key('y'), {ALL}", "ar.Mul(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 2).compile()", "0"),
     ("ok", {}, {"m": {"a": {"x": 1, "y": [2, 4, 6]}, "b": {"x": 5, "y": [8, 10]}, "c": 7}})),
    ("remove filtered", M,
     mod(f"{ALL}, c.cdt_ctx_map_key('y'), c.cdt_ctx_all_children_with_filter(e.GT(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 2).compile())",
         "e.RemoveResult().compile()", "0"),
     ("ok", {}, {"m": {"a": {"x": 1, "y": [1, 2]}, "b": {"x": 5, "y": []}, "c": 7}})),
    ("remove a key", M, mod("c.cdt_ctx_map_key('b')", "e.RemoveResult().compile()", "0"),
     ("ok", {}, {"m": {"a": MTREE["a"], "c": 7}})),
    ("replace with the key", M, mod(ALL, "e.LoopVarStr(A.EXP_LOOPVAR_KEY).compile()", "0"),
     ("ok", {}, {"m": {"a": "a", "b": "b", "c": "c"}})),
    ("replace with the index", "{'m': [5, 6, 7]}", mod(ALL, "e.LoopVarInt(A.EXP_LOOPVAR_INDEX).compile()", "0"),
     ("ok", {}, {"m": [0, 1, 2]})),
    ("replace with a bool", "{'m': [1, 2, 3]}", mod(ALL, "e.GT(e.LoopVarInt(A.EXP_LOOPVAR_VALUE), 1).compile()", "0"),
     ("ok", {}, {"m": [False, True, True]})),
    ("replace with a wrong-typed loop var", "{'m': [1, 2, 3]}", mod(ALL, "e.LoopVarNil(A.EXP_LOOPVAR_VALUE).compile()", "0"),
     ("err", 1)),
    ("remove everything", "{'m': [1, 2]}", mod(ALL, "e.RemoveResult().compile()", "0"), ("ok", {}, {"m": []})),
    ("remove every entry", "{'m': {'a': 1}}", mod(ALL, "e.RemoveResult().compile()", "0"), ("ok", {}, {"m": {}})),
    ("nothing selected", "{'m': [1, 2]}", mod("c.cdt_ctx_list_index(5)", INC, "0"), ("ok", {}, None)),
    ("modify a missing bin", "{'z': 1}", mod(ALL, INC, "0"), ("err", 12)),
    ("modify an int bin", "{'m': 3}", mod(ALL, INC, "0"), ("err", 12)),
    ("modify then read", "{'m': [1, 2]}", f"{mod(ALL, INC, '0')[:-1]}, op.read('m')]", ("ok", {"m": [11, 12]}, {"m": [11, 12]})),
    ("modify a key-ordered map", "{'m': KOD({'b': 1, 'a': 2})}", mod(ALL, INC, "0"), ("ok", {}, {"m": {"a": 12, "b": 11}})),
    # expressions
    ("SelectByPath tree", M, exsel(f"{ALL}, c.cdt_ctx_map_key('x')", "0", "MAP"),
     ("ok", {"r": {"a": {"x": 1}, "b": {"x": 5}, "c": 7}}, None)),
    ("SelectByPath of the wrong type", M, exsel(f"{ALL}, c.cdt_ctx_map_key('x')", "0", "LIST"), ("err", 26)),
    ("SelectByPath leaves", M, exsel(f"{ALL}, c.cdt_ctx_map_key('x')", "1", "LIST"), ("ok", {"r": [1, 5]}, None)),
    ("SelectByPath with the apply flag", M, exsel(ALL, "4", "MAP"), ("err", 26)),
    ("SelectByPath failing", M, exsel("c.cdt_ctx_all_children_with_filter(e.LoopVarInt(A.EXP_LOOPVAR_VALUE).compile())", "0", "MAP"),
     ("err", 26)),
    ("ModifyByPath", M,
     f"[eo.expression_read('r', e.ModifyByPath([{ALL}, c.cdt_ctx_map_key('x')], r.ResultType.MAP, {INC}, 0, e.MapBin('m')).compile())]",
     ("ok", {"r": {"a": {"x": 11, "y": [1, 2, 3]}, "b": {"x": 15, "y": [4, 5]}, "c": 7}}, None)),
    ("ModifyByPath removing", L,
     f"[eo.expression_read('r', e.ModifyByPath([{ALL}], r.ResultType.LIST, e.RemoveResult().compile(), 0, e.ListBin('m')).compile())]",
     ("ok", {"r": []}, None)),
    ("ModifyByPath unknown", M,
     f"[eo.expression_read('r', e.ModifyByPath([{ALL}], r.ResultType.MAP, {INC}, 0, e.MapBin('m')).compile())]", ("err", 26)),
]
