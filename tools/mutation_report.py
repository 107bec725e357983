"""Write benchmarks/MUTATION.md from mutmut's results (``make mutation`` runs this after mutmut).

Reads ``mutants/glutelab/*.py.meta`` and ``mutants/tools/*.py.meta`` (mutmut's record of each
mutant's test outcome), counts killed / survived / timeout / not run per module, lists every
survivor with its diff (``mutmut show``), and marks the survivors listed in ``EQUIVALENT`` below
with the reason they cannot change what the code does. Nothing in the report is typed by hand.

    .venv/bin/python tools/mutation_report.py [--out benchmarks/MUTATION.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"

ZIP_OF_ONE_FRAME = (
    "`strict` of a `zip` over two columns of one DataFrame: they always have the same length, "
    "so the check can never fire"
)
UNUSED_INDEX_COLUMN = (
    "`reset_index(drop=...)` with a false value only adds an `index` column that nothing reads"
)
NO_DATA_MARK = (
    "matplotlib lowercases `errorbar`'s `fmt` before comparing it with `none`, and reads "
    "the colour `NONE` as `none`: no data mark is drawn either way"
)
EMPTY_Y_LABEL = "`set_ylabel(None)` leaves the y label empty"
TITLE_LOC_CASE = "matplotlib lowercases a title's `loc`, so `LEFT` is `left`"
FIRST_CLOSE_MATCH = (
    "`get_close_matches` lists its matches best first and only the first is read, so asking "
    "for two, or its default three, instead of one gives the same first match"
)

EQUIVALENT: dict[str, str] = {
    # mutant name -> why no test can tell it apart from the original
    "glutelab.evidence.x_myth_rows__mutmut_2": (
        "`table.iloc[1:0]` is the same empty frame, with the same columns, as `table.iloc[0:0]`"
    ),
    "glutelab.evidence.x_filter_evidence__mutmut_56": (
        "`mask.fillna(None)` leaves a missing value in the mask, and pandas indexing with a "
        "boolean mask treats a missing value as False, as `fillna(False)` does"
    ),
    **{
        f"glutelab.evidence.x_one_per_dataset__mutmut_{n}": (
            "`strict` of a `zip` over the row ids and another column of the same rows (or of "
            "the kept rows): they always have the same length, so the check can never fire"
        )
        for n in (11, 14, 17, 22, 25, 31, 36, 39, 43, 71, 74, 78, 179, 183, 186)
    },
    "glutelab.evidence.x_one_per_dataset__mutmut_153": (
        "the kept rows always have a `row_id` column, which is not among the range keys, so "
        "the keys are a proper subset of the columns whenever they are a subset: `<` and `<=` "
        "agree"
    ),
    "glutelab.evidence.x_one_per_dataset__mutmut_184": (
        "`itertuples(index=None)`: pandas leaves the index out for any false value, as for "
        "`index=False`"
    ),
    **{
        f"glutelab.matcher.x__negate__mutmut_{n}": (
            "`None` is false wherever `pending` and `conditional` are read (`if pending`, "
            "`conditional and ...`), as `False` is"
        )
        for n in (2, 55)
    },
    "glutelab.matcher.x__negate__mutmut_5": (
        "`skipped` is set to 0 by every negation before it is read (it is only read while a "
        "negation is pending), so its starting value is never seen"
    ),
    "glutelab.matcher.x__negate__mutmut_7": (
        "a condition counts only when `since_if <= 4`; starting at 6 instead of 5 is still "
        "beyond the window, and `since_if` only comes back within it after an `if`, which "
        "resets it to 0"
    ),
    "glutelab.matcher.x__stem__mutmut_54": (
        "the line only runs when `word[-1] == word[-2]`, so testing either letter is the same"
    ),
    "glutelab.matcher.x__stem__mutmut_56": (
        "the words are lower-case letters and digits (`[a-z0-9]+`), so an `X` added to the "
        "letters `lsz` can never be found"
    ),
    "glutelab.matcher.x_best_match__mutmut_8": (
        "`best_match` keeps only the first of the sorted matches, so asking `match_phrase` for "
        "three instead of one gives the same first match"
    ),
    "glutelab.matcher.x_best_match__mutmut_10": "as above, with two matches instead of one",
    # --- glutelab.data ---------------------------------------------------------------------
    **{
        f"glutelab.data.x__check_band_order__mutmut_{n}": (
            "`observed` of `groupby` only matters for a categorical grouper; `scheme_id` has no "
            "enum in datapackage.json, so the loader's frame holds it as a `string` column and "
            "every value of `observed` gives the same groups"
        )
        for n in (2, 4, 7)
    },
    "glutelab.data.x__check_even_sampling__mutmut_2": (
        "`to_numpy(dtype=None)` of `time_s`: the column is a schema `number`, which the loader "
        "makes float64, so the array is the same float64 array as with `dtype=float`"
    ),
    "glutelab.data.x__check_includes__mutmut_47": (
        "`str(includes or ...)` only runs when `includes` is true (`... if includes else ()`), "
        "and then `includes or anything` is `includes`"
    ),
    "glutelab.data.x_load_quizzes__mutmut_100": (
        "a `refs` column of `None` instead of empty lists is replaced on the next line, where "
        "every value that is not a list becomes `[]`"
    ),
    # --- glutelab.schema -------------------------------------------------------------------
    **{
        f"glutelab.schema.x__check_header__mutmut_{n}": (
            "`strict` of a `zip` over the header as written and `column_names` of it, which "
            "returns one name per written cell: they always have the same length, so the check "
            "can never fire"
        )
        for n in (4, 7, 8, 42, 45, 46)
    },
    **{f"glutelab.schema.x__check_header__mutmut_{n}": FIRST_CLOSE_MATCH for n in (17, 20)},
    "glutelab.schema.x__check_header__mutmut_18": "`cutoff=0.6` is `get_close_matches`' default",
    "glutelab.schema.x_decode_text__mutmut_18": (
        "codec names are looked up ignoring case: `UTF-8-SIG` is the `utf-8-sig` codec"
    ),
    "glutelab.schema.x_read_package__mutmut_6": (
        "codec names are looked up ignoring case: `UTF-8` is the `utf-8` codec"
    ),
    **{
        f"glutelab.schema.x_read_csv_records__mutmut_{n}": (
            "`strict` of a `zip` over the header and a row's cells: a row whose length differs "
            "from the header's is refused just before, so they always have the same length"
        )
        for n in (98, 101, 102)
    },
    "glutelab.schema.x_read_csv_records__mutmut_73": (
        "the line only runs when `len(cells) != len(header)`, so `>=` and `>` agree"
    ),
    **{
        f"glutelab.schema.xǁFieldǁ_convert__mutmut_{n}": (
            "`float()` reads `INF` and `-INF` ignoring case: the same infinities as `inf`, `-inf`"
        )
        for n in (15, 18)
    },
    "glutelab.schema.xǁFieldǁ_convert__mutmut_19": (
        "the `ValueError` is caught by the `except ValueError` just below, which does not read "
        "its argument"
    ),
    "glutelab.plots.x_exercise_forest__mutmut_277": NO_DATA_MARK,
    "glutelab.plots.x_exercise_forest__mutmut_357": (
        "`left` is matplotlib's default horizontal alignment of a text, so leaving out "
        '`ha="left"` places the note the same'
    ),
    "glutelab.plots.x_exercise_forest__mutmut_397": (
        '`set_title(None)` (in `style_axes`) leaves the axes title empty, as `""` does'
    ),
    "glutelab.plots.x_exercise_forest__mutmut_399": EMPTY_Y_LABEL,
    **{
        f"glutelab.plots.x_exercise_forest__mutmut_{n}": (
            "a key's handle plotted from one empty list (`plot([])`) is the same empty line "
            "as one plotted from two (`plot([], [])`): empty float x and y data, same style"
        )
        for n in (421, 422)
    },
    **{
        f"glutelab.plots.x_exercise_forest__mutmut_{n}": (
            "without `handles` the legend collects the axes' labelled artists, and the only "
            "ones are the key's handles, plotted in the same order (the dots, whiskers and "
            "notes carry no label): the same entries in the same order"
        )
        for n in (452, 457)
    },
    "glutelab.plots.x_scenario_chart__mutmut_51": (
        "`subplots(squeeze=None)`: None is false, so the axes come back as a 2-D array, as "
        "with `squeeze=False`"
    ),
    "glutelab.plots.x_scenario_chart__mutmut_53": (
        "`subplots(n, sharex=...)`: one column is the default, as `subplots(n, 1, ...)` asks"
    ),
    **{
        f"glutelab.plots.x_scenario_chart__mutmut_{n}": (
            "the panels, trials and measurements are checked for equal length by the strict "
            "`zip` of trials and measurements in the alt text, which runs first; the panels "
            "are made one per trial, so this `zip` can never run short"
        )
        for n in (69, 73, 74)
    },
    "glutelab.plots.x_scenario_chart__mutmut_151": TITLE_LOC_CASE,
    "glutelab.plots.x_scenario_chart__mutmut_160": "`#dddddd` is the same colour as `#DDDDDD`",
    "glutelab.plots.x_scenario_chart__mutmut_165": (
        "spine visibility `None` hides the top and right spines, as `False` does (the same "
        "reasoning as x_overview_heatmap__mutmut_300/301)"
    ),
    **{
        f"glutelab.plots.x_scenario_chart__mutmut_{n}": (
            "with trials and measurements of different lengths, the strict `zip` of panels, "
            "trials and measurements a few lines later raises the same ValueError (only "
            "Python's wording of which argument is short differs)"
        )
        for n in (29, 32, 33)
    },
    "glutelab.plots.x__bar_legend__mutmut_20": (
        '`_muscle_label` adds the region only `if region`: `None`, like `""`, is false, so '
        "the legend entry is the muscle's name either way"
    ),
    "glutelab.plots.x__bar_panel__mutmut_153": NO_DATA_MARK,
    "glutelab.plots.x__bar_panel__mutmut_195": EMPTY_Y_LABEL,
    "glutelab.plots.x__bar_panel__mutmut_212": TITLE_LOC_CASE,
    **{
        f"glutelab.plots.x_ranked_labels__mutmut_{n}": (
            "the rows come from one DataFrame, so every record has the same keys: either all "
            "have a `row_id` (the default of `get` is never used) or none has, and then every "
            "clashing row gets the same default text and the order falls to the position, "
            "whatever that default is"
        )
        for n in (54, 56, 59)
    },
    "glutelab.programme.x_client_case_exercises__mutmut_4": (
        "the course has one client case, so the list of known cases has no separator to change "
        "(a test splits the message at `, ` and will see the change once a second case is added)"
    ),
    "glutelab.plots.x__bar_legend__mutmut_36": (
        "matplotlib reads colour names without regard to case: `WHITE` is `white`"
    ),
    **{f"glutelab.data.x_study_names__mutmut_{n}": ZIP_OF_ONE_FRAME for n in (5, 8, 15)},
    "glutelab.plots.x__records__mutmut_4": (
        "pandas reads `to_dict`'s `orient` without regard to case: `RECORDS` is `records`"
    ),
    "glutelab.matcher.x__concepts__mutmut_15": (
        "`len(stems) + i` only lets the sizes tried start above what is left of the text; a "
        "slice past the end is the rest of the text, which the loop then tries at its true "
        "length with the same result (a phrase found there ends the text either way)"
    ),
    **{
        f"glutelab.matcher.x__correct__mutmut_{n}": (
            "the memo is only a shortcut: without a remembered answer the same correction is "
            "worked out again (`get_close_matches` gives the same answer each time)"
        )
        for n in (2, 3)
    },
    **{f"glutelab.matcher.x__correct__mutmut_{n}": FIRST_CLOSE_MATCH for n in (27, 29)},
    **{
        f"glutelab.matcher.x__index_for__mutmut_{n}": (
            "the stand-in modification time is only used when myths.yaml is missing, and then "
            "`load_myths` raises before anything is cached, so its value is never seen"
        )
        for n in (9, 10)
    },
    "glutelab.matcher.x__score_piece__mutmut_27": (
        "a piece of 0 characters has no words and so no concepts: the function returns before "
        "`use_chars` is read"
    ),
    "glutelab.matcher.x__score_piece__mutmut_53": (
        "only the score, item 0, of the default pair is read"
    ),
    "glutelab.matcher.x__score_piece__mutmut_75": (
        "the bound with similarity 2.0 is a looser upper bound than 1.0: whatever passes it is "
        "checked again with the real similarity, so the scores kept are the same"
    ),
    "glutelab.matcher.x__score_piece__mutmut_78": "`autojunk=None` is false, as `False` is",
    "glutelab.matcher.x__score_piece__mutmut_79": (
        "`SequenceMatcher`'s `isjunk` is `None` by default"
    ),
    "glutelab.matcher.x__score_piece__mutmut_84": (
        "the quick bound is never above the rough one, nor the exact similarity above either; "
        "with `or`, the exact similarity is also worked out when only the rough bound passes, "
        "but the score it gives is then at most the quick bound, which neither beats the myth's "
        "best nor reaches the threshold, so nothing that is reported changes"
    ),
    "glutelab.matcher.x_match_phrase__mutmut_2": (
        "a blank text that gets past the check has no words, so no concepts: nothing is scored "
        "and the result is the same empty list"
    ),
    "glutelab.matcher.x_match_phrase__mutmut_4": (
        "with `top == 0` the search goes on, but only `ranked[:0]`, an empty list, is returned"
    ),
    "glutelab.matcher.x_match_phrase__mutmut_59": (
        "no score exceeds 1: the token score, the similarity and the coverage are each at most "
        "1 and the factor at most 1, so a cap of 2.0 instead of 1.0 never applies"
    ),
    **{
        f"glutelab.matcher.x__rows__mutmut_{n}": (
            "`strict` of a `zip` over three columns of one DataFrame: they always have the "
            "same length, so the check can never fire"
        )
        for n in (10, 14, 19)
    },
    "tools.build_model_data.x_load_model__mutmut_3": (
        'OpenSim reads the log level name without regard to case: `setLevelString("ERROR")` '
        'sets the same level, Error, as `setLevelString("error")`'
    ),
    **{
        f"tools.build_model_data.x_set_pose__mutmut_{n}": (
            "enforcing the model's constraints as each hip angle is set reaches the same state "
            "as setting all three and then `model.assemble`, which `set_pose` calls next: the "
            "rebuilt table and geometry are byte-for-byte the committed ones either way"
        )
        for n in (14, 17)
    },
    **{
        f"tools.build_model_data.x_moment_arm_rows__mutmut_{n}": (
            "`strict` of a `zip` of the 11 column names with a row's 11 values (4 names, 3 "
            "angles, 3 moment arms, 1 length): they always have the same length"
        )
        for n in (33, 36, 37)
    },
    **{
        f"tools.build_model_data.x_write_json__mutmut_{n}": (
            "the JSON text is pure ASCII (`json.dumps` escapes every other character, its "
            "`ensure_ascii` default), and every locale encoding writes ASCII as the same bytes "
            "as UTF-8, so leaving the encoding to the locale writes the same file"
        )
        for n in (2, 4)
    },
    **{
        f"glutelab.programme.x__evidence_summary__mutmut_{n}": (
            "`observed` only changes a groupby over a categorical column; `exercise_id` is a "
            "string column (glutelab.data), so every setting groups the same rows"
        )
        for n in (11, 13, 16, 35, 37, 44)
    },
    **{
        f"glutelab.programme.x_heavy_loading__mutmut_{n}": (
            "a missing intensity becomes text (`<na>` or `xxxx` instead of an empty string) that "
            "cannot contain the words `heavy loading`, so the row is still not heavy loading"
        )
        for n in (4, 7)
    },
    **{
        f"glutelab.programme.x_heavy_loading__mutmut_{n}": (
            "`heavy loading` has no regular-expression metacharacters: as a pattern it matches "
            "exactly the texts it matches as plain text"
        )
        for n in (9, 11, 12)
    },
    "glutelab.programme.x_select_exercises__mutmut_22": (
        "the mask is all True just before this line, so `mask = positions` and "
        "`mask &= positions` give the same mask"
    ),
    **{f"glutelab.plots.x__bar_panel__mutmut_{n}": ZIP_OF_ONE_FRAME for n in (239, 242, 247)},
    **{
        f"glutelab.plots.x__ranges_as_rows__mutmut_{n}": ZIP_OF_ONE_FRAME
        for n in (51, 54, 60, 96, 99, 104)
    },
    "glutelab.plots.x__ranges_as_rows__mutmut_40": (
        "`astype(str)` has already turned every missing value into the text `nan`, so the "
        "`fillna` after it has nothing to fill, whatever its value"
    ),
    **{
        f"glutelab.plots.x__bar_panel__mutmut_{n}": (
            'a bar\'s hatch `None` and `""` both draw no hatching (matplotlib treats both as '
            "no hatch)"
        )
        for n in (52, 54)
    },
    **{
        f"tools.build_model_data.x_read_mesh__mutmut_{n}": (
            "`strict` of a `zip` of the polygon start offsets with the end offsets, a list "
            "built from the other with the same length, so the check can never fire"
        )
        for n in (57, 60, 61)
    },
    "tools.build_model_data.x_path_geometry__mutmut_61": (
        "the model's maximal isometric forces have at most three decimals, so rounding to four "
        "writes the same numbers: the rebuilt geometry is byte-for-byte the committed one"
    ),
    "tools.build_model_data.x_segment_geometry__mutmut_34": (
        "the model's body masses have at most six decimals, so rounding to seven writes the "
        "same numbers: the rebuilt geometry is byte-for-byte the committed one"
    ),
    "tools.build_model_data.x_write_csv__mutmut_11": "`UTF-8` names the same codec as `utf-8`",
    "tools.build_model_data.x_write_json__mutmut_14": "`UTF-8` names the same codec as `utf-8`",
    "glutelab.plots.x__shade_bands__mutmut_30": (
        "the bands are drawn in order of their lower limit, so once one starts at or beyond "
        "the axis end every later one does too: stopping (`break`) skips the same bands as "
        "`continue`"
    ),
    "glutelab.plots.x__shade_bands__mutmut_62": "`#eeeeee` is the same colour as `#EEEEEE`",
    "glutelab.plots.x_empty_chart__mutmut_18": "matplotlib lowercases `axis()`'s argument",
    **{
        f"glutelab.plots.x_{function}__mutmut_{n}": UNUSED_INDEX_COLUMN
        for function, numbers in (
            ("gta_chart", (8, 12)),
            ("study_chart", (43, 54)),
            ("exercise_forest", (32, 43)),
        )
        for n in numbers
    },
    **{
        f"glutelab.plots.x_gta_chart__mutmut_{n}": (
            "without a font size the value text takes the course's default size, 10 points, "
            "the size the code gives"
        )
        for n in (103, 108)
    },
    "glutelab.plots.x_gta_chart__mutmut_119": (
        "the bars start at 0, so an axis left open at its low end still starts at 0"
    ),
    "glutelab.plots.x_gta_chart__mutmut_132": EMPTY_Y_LABEL,
    **{
        f"glutelab.plots.x_overview_heatmap__mutmut_{n}": (
            "the lowest and highest tables are pivoted from the same table as the counts, so "
            "they already have the counts' rows"
        )
        for n in (26, 28, 43, 45)
    },
    "glutelab.plots.x_overview_heatmap__mutmut_61": (
        "`fillna(None)` fills nothing and `sum` skips missing counts, as it adds 0 for them"
    ),
    "glutelab.plots.x_overview_heatmap__mutmut_72": (
        "the pivoted counts are already in id order and `sorted` is stable, so rows with "
        "the same total stay in id order without the id in the key"
    ),
    **{
        f"glutelab.plots.x_{function}__mutmut_{n}": (
            "`to_numpy(dtype=None)` of columns already of floats gives the same floats"
        )
        for function, numbers in (("overview_heatmap", (79, 150, 163)), ("study_chart", (108,)))
        for n in numbers
    },
    **{
        f"glutelab.plots.x_overview_heatmap__mutmut_{n}": (
            "matplotlib reads colour names and hex digits in any case"
        )
        for n in (135, 187, 190, 219, 223, 241, 246)
    },
    **{
        f"glutelab.plots.x_overview_heatmap__mutmut_{n}": (
            "tick visibility `None` hides the bottom ticks or labels, as `False` does"
        )
        for n in (300, 301)
    },
    "glutelab.plots.x_overview_heatmap__mutmut_302": (
        "`top`, `bottom` and their labels are x-axis settings: the y axis ignores them"
    ),
    **{
        f"glutelab.plots.x_overview_heatmap__mutmut_{n}": (
            "a colour bar is placed beside the image's own axes when no axes are given"
        )
        for n in (324, 328)
    },
    **{
        f"glutelab.plots.x_evidence_coverage__mutmut_{n}": (
            "pandas 3 groups by the observed categories by default, as `observed=True` asks; "
            "combinations that `observed=False` adds to the counts are dropped when the counts "
            "are joined onto the spread table, which has only the observed ones"
        )
        for n in (26, 53, 55, 56)
    },
    **{
        f"glutelab.plots.x_ranked_chart__mutmut_{n}": (
            "`low`/`high` are read only through `pd.notna`, which treats `None` as NaN"
        )
        for n in (20, 23)
    },
    **{
        f"glutelab.plots.x_ranked_chart__mutmut_{n}": (
            "every reader of the statistic turns it into a string itself, so the string copy "
            "under another name changes nothing drawn"
        )
        for n in (27, 28)
    },
    **{f"glutelab.plots.x_study_chart__mutmut_{n}": ZIP_OF_ONE_FRAME for n in (33, 36, 41)},
    "glutelab.plots.x_study_chart__mutmut_143": (
        "only the line breaks of the source text change; the drawn source line is wrapped "
        "again to the figure's width"
    ),
    "glutelab.plots.x_study_chart__mutmut_148": ("`break_on_hyphens=None` is false, as `False` is"),
    **{
        f"glutelab.data.x__validate_json_schema__mutmut_{n}": (
            "the schema files are ASCII, which reads the same in any codec Python may default "
            "to here (UTF-8) and in `UTF-8`, the same codec as `utf-8`"
        )
        for n in (4, 10)
    },
    **{
        f"glutelab.data.x__schema_reason__mutmut_{n}": (
            "when the `additionalProperties` branch is skipped, the reason falls through to "
            "the same `str(error.message)` it returns"
        )
        for n in (14, 15, 16)
    },
    **{
        f"glutelab.data.x_load_gait_events__mutmut_{n}": (
            "`to_numpy(dtype=None)` of a required number column (float64, no missing value) "
            "gives the same floats"
        )
        for n in (29, 33)
    },
    "glutelab.data.x_load_gait_events__mutmut_70": (
        "`<` and `<=` differ only for two equal touchdowns, which the table's unique key "
        "rejects first ('repeats the key of row N')"
    ),
    **{f"glutelab.data.x_load_gait_events__mutmut_{n}": ZIP_OF_ONE_FRAME for n in (98, 101, 102)},
    "glutelab.plots.x__ranges_as_rows__mutmut_43": (
        "`groupby(sort=None)` is false, so the groups keep their order as with `sort=False`"
    ),
    **{
        f"glutelab.plots.x_ranked_labels__mutmut_{n}": (
            "`exercises` and `details` are built one per record, so a `zip` of them can never "
            "run short and `strict` never fires"
        )
        for n in (16, 19, 20, 88, 91, 92)
    },
    "glutelab.plots.x_ranked_labels__mutmut_79": (
        "textwrap breaks at hyphens only when `break_on_hyphens` is true: `None` acts as `False`"
    ),
    "glutelab.plots.xǁ_RankedLayoutǁapply__mutmut_21": (
        "without a font size the x label keeps the size the chart's axes style already gave "
        "it, the same `axes.labelsize`"
    ),
    **{f"glutelab.plots.xǁ_RankedLayoutǁapply__mutmut_{n}": TITLE_LOC_CASE for n in (46, 48)},
    "glutelab.plots.xǁ_RankedLayoutǁfor_rows__mutmut_74": (
        "the layout's `pitch` is used while the layout is worked out and never read from the "
        "finished layout"
    ),
    "glutelab.plots.x_exercise_forest__mutmut_36": (
        "`sort_values` sorts ascending by default, as `ascending=[True, True]` asks"
    ),
    "glutelab.plots.x_exercise_forest__mutmut_47": (
        "textwrap breaks long words only when `break_long_words` is true: `None` acts as `False`"
    ),
    "glutelab.plots.x_exercise_forest__mutmut_156": (
        "`dataset_sentence` does not use the citation names it is given (its sentence names no "
        "study), so passing `None` changes nothing"
    ),
}


IMPORT_ONLY: dict[str, str] = {
    # mutant name -> why no test can switch it on: the function runs only while the module is
    # imported, before mutmut activates a mutant (the forkserver imports the modules first).
    "glutelab.matcher.x__words__mutmut_1": (
        "`_words` builds the matcher's word lists when the module is imported; the lists it "
        "builds are read by every matcher test, but a mutant of it is never active then"
    ),
}


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()


NOT_RUN: Counter[str] = Counter()
"""Module -> how many of its mutants mutmut made but has not run (filled by :func:`results`)."""


def results() -> dict[str, dict[str, str]]:
    """Module -> {mutant name: status} for every mutant mutmut ran."""
    from mutmut.stats import status_by_exit_code  # the mutation extra: only this step needs it

    found: dict[str, dict[str, str]] = {}
    metas = sorted((MUTANTS / "glutelab").glob("*.py.meta"))
    metas += sorted((MUTANTS / "tools").glob("*.py.meta"))
    for meta in metas:
        data = json.loads(meta.read_text(encoding="utf-8"))
        module = f"{meta.parent.name}/" + meta.name.removesuffix(".meta")
        statuses = {
            name: status_by_exit_code[code] for name, code in data["exit_code_by_key"].items()
        }
        found[module] = {n: s for n, s in statuses.items() if s != "not checked"}
        NOT_RUN[module] = len(statuses) - len(found[module])
    return {m: s for m, s in found.items() if s}


def show(name: str) -> str:
    """The mutant's change as diff lines (mutmut's own diff, as ``mutmut show`` prints it)."""
    from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant

    os.chdir(ROOT)  # mutmut reads pyproject.toml and mutants/ from the working directory
    try:
        diff = get_diff_for_mutant(name, path=find_mutant(name).path)
    except Exception as error:  # a mutant mutmut cannot show is reported, not fatal
        return f"(no diff: {error})"
    lines = [line for line in diff.splitlines() if line.startswith(("-", "+"))]
    return "\n".join(line for line in lines if not line.startswith(("---", "+++")))


OUTCOMES = ("killed", "survived", "timeout")


def _row(label: str, counts: Counter[str], tested: int, equivalent: int, not_run: int) -> str:
    """One table row: counts, and the share killed with and without the equivalent mutants."""
    killed = counts["killed"] + counts["timeout"]
    other = tested - sum(counts[k] for k in OUTCOMES)
    score = 100 * killed / tested if tested else 0.0
    rest = tested - equivalent
    score_eq = 100 * killed / rest if rest else 0.0
    cells = [label, tested, counts["killed"], counts["survived"], counts["timeout"], other]
    cells += [equivalent, f"{score:.1f}%", f"{score_eq:.1f}%", not_run]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _stamp() -> str:
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = _git("status", "--porcelain", "--", "glutelab", "tests")
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return f"{when}, commit `{commit}`" + (" (working tree not clean)" if dirty else "")


def _function(name: str) -> str:
    """``glutelab.plots.x_study_chart__mutmut_3`` -> ``glutelab.plots.study_chart``."""
    module, _, rest = name.rpartition(".")
    function = rest.rsplit("__mutmut_", 1)[0]
    if function.startswith("xǁ"):  # a method: xǁClassǁmethod
        return module + "." + function.removeprefix("xǁ").replace("ǁ", ".")
    return module + "." + function.removeprefix("x_")


def _by_function(survivors: list[str]) -> list[str]:
    """A table of how many survivors each function has, and how many of them are explained."""
    unexplained = Counter(_function(n) for n in survivors if n not in EQUIVALENT)
    explained = Counter(_function(n) for n in survivors if n in EQUIVALENT)
    rows = sorted(set(unexplained) | set(explained), key=lambda f: (-unexplained[f], f))
    table = ["| Function | Not yet killed | Equivalent |", "|---|---|---|"]
    table += [f"| `{f}` | {unexplained[f]} | {explained[f]} |" for f in rows]
    return [*table, ""]


def report() -> str:
    found = results()
    rows, survivors = [], []
    totals: Counter[str] = Counter()
    for module, statuses in found.items():
        counts = Counter(statuses.values())
        equivalent = sum(1 for n, s in statuses.items() if s == "survived" and n in EQUIVALENT)
        rows.append(_row(f"`{module}`", counts, len(statuses), equivalent, NOT_RUN[module]))
        totals.update(counts)
        totals["tested"] += len(statuses)
        totals["equivalent"] += equivalent
        survivors += [n for n, s in sorted(statuses.items()) if s == "survived"]
    lines = [
        "# Mutation testing",
        "",
        f"Written by `tools/mutation_report.py` after `make mutation` (mutmut), {_stamp()}.",
        "",
        "Each mutant is a one-line change of the code (an operator, a constant, a call's "
        "argument); it is *killed* when a unit test fails against it. Timeouts count as killed "
        "(the mutant made the code loop or stall). Equivalent mutants (listed with the reason "
        "below) change nothing a caller can observe; mutants of code that runs only while a "
        "module is imported are marked as such (mutmut switches a mutant on after the import) "
        "and count as survivors. *Other* counts mutants of functions that "
        "no test in the fast selection reaches (mutmut's `no tests`). *Not run* counts mutants "
        "mutmut made but did not run (outside the functions run); they are in no other column. "
        "Modules with no row were not run. mutmut keeps each mutant's latest result, so a "
        "report may gather runs made at earlier commits of the branch. That holds because "
        "tests are only added between such runs (a mutant killed then is killed now), and "
        'survivors are run again once tests are added (`make mutation MUTANTS="<names>"`). '
        "A function whose code changes has all its mutants run again (mutmut keeps a hash of "
        "each function and forgets the results of one that changed).",
        "",
        "| Module | Mutants run | Killed | Survived | Timeout | Other | Equivalent | "
        "Killed (timeouts counted) | Killed, equivalent left out | Not run |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        _row("**all**", totals, totals["tested"], totals["equivalent"], sum(NOT_RUN.values())),
        "",
        "## Survivors",
        "",
    ]
    if not survivors:
        lines.append("None.")
    else:
        lines += _by_function(survivors)
    for name in survivors:
        if name in IMPORT_ONLY:
            label = f": **runs only at import**, {IMPORT_ONLY[name]}"
        elif name in EQUIVALENT:
            label = f": **equivalent**, {EQUIVALENT[name]}"
        else:
            label = ": not yet killed"
        lines += [
            f"- `{name}`" + label,
            "",
            "  ```diff",
            *("  " + line for line in show(name).splitlines()),
            "  ```",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "MUTATION.md")
    args = parser.parse_args()
    args.out.write_text(report(), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
