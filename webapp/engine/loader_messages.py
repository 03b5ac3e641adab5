"""Every message the loader can report about questions.yaml, each under a stable name.

Kept in one place, as pyxform keeps its errors, so the texts a clinic reads can be
reviewed (and reworded) together. Each is a ``str.format`` template: its named fields
are filled in where the problem is found, as in
``problems.say(path, M.UNKNOWN_KEY_IN, key=key, what="a page", allowed="id, title")``;
a literal brace is written twice. The guardrail's wording messages are its own
(:mod:`webapp.engine.guardrail`): the loader passes them on unchanged.
"""

from __future__ import annotations

# --- Reading the file (the loader and the bounded YAML reader) ---
CANNOT_READ = "Cannot read the file. {error}"
CANNOT_READ_OS = "Cannot read the file: {error}."
NOT_YAML = "This is not valid YAML: {error}. Check indentation and quotes near this line."
NESTS_TOO_DEEPLY = "This file nests too deeply to be read. Check its brackets and indentation."
NOT_A_MAPPING_FILE = "The file must be a mapping with 'pages', 'talking_points' and the rest."
KEY_TWICE = ("'{key}' is written twice here; YAML keeps only the last one. Remove or merge one "
             "of them.")
NUMBER_TOO_LONG = "This number has more than {digits} digits. Check it."
ALIAS_INSIDE_ITSELF = ("The alias *{anchor} is used inside the block its anchor &{anchor} names, "
                       "so that block would repeat itself forever. Remove the alias or write the "
                       "block out.")
TOO_MANY_VALUES = ("This file holds more than {limit:,} values once its aliases (*name) are "
                   "repeated out; a questionnaire needs far fewer. Use fewer aliases, or write "
                   "the repeated part out.")
NESTED_TOO_DEEP = ("Lists and mappings here are nested more than {limit} levels deep (counting "
                   "what aliases repeat); a questionnaire needs about 12. Check the brackets and "
                   "indentation near this line.")

# --- Fields of any mapping (the field reader) ---
MISSING_TEXT = "Missing '{key}'. Add a {key} in plain words."
NOT_TEXT = "'{key}' must be text."
NOT_WHOLE_NUMBER = "'{key}' must be a whole number."
NOT_WHOLE_NUMBER_FROM = "'{key}' must be a whole number of {low} or more."
UNKNOWN_KEY_IN = "Unknown key '{key}' in {what}. Allowed: {allowed}."
NOT_A_MAPPING = "Each {what} must be a mapping of keys and values."
MISSING_LIST = "Missing '{key}': add a list of {things}."
NOT_A_LIST = "'{key}' must be a list."
BAD_ID = ("Each {what} needs an 'id' of lower-case letters, digits, '_' or '-', starting with a "
          "letter.")
DUPLICATE_ID = "Duplicate {what} id '{value}'. Each id must be used once: rename one of them."
NOT_TRUE_OR_FALSE = "'{key}' takes true or false."

# --- Options of a choice (the field reader) ---
BAD_OPTION_VALUE = ("Each option needs a 'value' of lower-case letters, digits, '_' or '-' "
                    "(found {value!r}). Put quotes around values such as \"no\" or \"1_2\" that "
                    "YAML would read as true/false or a number.")
DUPLICATE_OPTION_VALUE = "Duplicate option value '{value}'."
EXCLUSIVE_NOT_MULTIPLE = "'exclusive' only applies to multiple_choice options."
UNKNOWN_OPTION_MEDICINE = "Unknown medicine '{medicine}'. Add it under 'medicines' first."

# --- Pages and questions ---
NO_PAGES = "The questionnaire needs at least one page."
PAGE_WITHOUT_QUESTIONS = "A page needs 'questions': a list of one or more."
SECTION_SPLIT = ("Section '{section}' started at page '{page}', and other sections came "
                 "between. Keep a section's pages together: the patient's progress (\"Part 2 "
                 "of 6\") counts sections in order.")
UNKNOWN_QUESTION_TYPE = "Unknown question type '{type}'. Use one of: {allowed}."
NO_QUESTION_WITH_ID = "No question has the id '{id}'."

# --- Question types (webapp/engine/question_types) ---
TAKES_NO_OPTIONS = "A {type} question takes no options."
CHOICE_WITHOUT_OPTIONS = "A choice question needs 'options': a list of two or more."
NOT_A_MAPPING_KEY = "'{key}' must be a mapping."
UNKNOWN_MEDICINE_FIELD = "Unknown medicine field '{name}'. Use any of: {allowed}."
FIELD_OPTIONS_TOO_FEW = "'options' needs two or more."
NUMBER_NEEDS_LIMIT = "A number question needs '{key}' as a number."
MIN_ABOVE_MAX = "'min' is larger than 'max'."
NIGHTS_ABOVE_MAX = ("'max_nights' is {max_nights}; a sleep diary takes at most {limit} nights. "
                    "Give a smaller number.")
MIN_NIGHTS_ABOVE_MAX = ("'min_nights' ({min_nights}) is larger than 'max_nights' "
                        "({max_nights}). Make 'min_nights' the smaller.")

# --- Settings ---
MISSING_VERSION = ("Give 'version' under 'settings': the questionnaire's version (such as "
                   "2026-11), printed on every sheet. Change it whenever the questions or "
                   "talking points change.")
VERSION_WITH_BAR = ("'version' cannot hold '|': a record system reads it after the "
                    "questionnaire's address and a '|'.")
SHOW_LEFT_OUT_NOT_BOOL = ("'show_left_out' takes true or false: whether the sheet says how many "
                          "talking points the patient left out.")
BAD_SESSION_HOURS = "'session_hours' {problem}."

# --- Medicine classes and the medicine vocabulary ---
TAGS_NOT_WORDS = "'tags' must be a list of words."
MISSING_PLAIN = ("Missing 'plain': how a sentence names this class, starting with 'a' or 'an' "
                 "(like 'a benzodiazepine').")
PLAIN_WITHOUT_ARTICLE = ("'plain' must start with 'a' or 'an', as in 'a benzodiazepine', so it "
                         "reads well in a sentence: '{plain}'.")
CLASS_OR_INGREDIENTS = ("Give a medicine either 'class' (one medicine) or 'ingredients' (a "
                        "combination product), not both or neither.")
COMBINATION_WITH_PLAIN = ("A combination product takes no 'plain': each ingredient is named by "
                          "its own.")
UNKNOWN_MEDICINE_CLASS_ADD = ("Unknown medicine class '{name}'. Add it under medicine_classes or "
                              "use one of: {allowed}.")
NOT_A_LIST_OF_NAMES = "'{key}' must be a list of names."
NAME_WITHOUT_LETTERS = "The name '{name}' has no letters or digits."
NAME_TWICE = "The name '{name}' is listed twice (also at medicines[{index}]). Keep it in one entry."
TOO_FEW_INGREDIENTS = "'ingredients' must list two or more generic names."
UNKNOWN_INGREDIENT = ("The ingredient '{name}' is not a medicine in this vocabulary. Add an entry "
                      "for it with its class, or use the generic name it is listed under.")
INGREDIENT_TWICE = "An ingredient is listed twice. List each one once."

# --- Scored instruments, their bands and cut-offs ---
INSTRUMENT_WITHOUT_ITEMS = "An instrument needs 'items': its question ids."
ITEM_NOT_SINGLE_CHOICE = "Item '{item}' must be the id of a single_choice question."
INSTRUMENT_WITHOUT_MAX = "An instrument needs 'max', its highest total."
MAX_NOT_ITEM_TOTAL = "'max' is {max} but the items' highest scores add up to {total}."
OPTION_WITHOUT_SCORE = "Every option of '{question}' needs a 'score'."
BAD_CUTOFFS = "'cutoffs' must be a list of one or more {{when, at_least, label}}."
CUTOFF_ABOVE_MAX = "'at_least' is {at_least}, above the instrument's max of {max}."
INSTRUMENT_WITHOUT_BANDS = "An instrument needs 'bands': a list of {{min, max, label}}."
BAND_INCOMPLETE = "A band needs 'min', 'max' and 'label'."
BANDS_GAP = ("The bands leave a gap: no band holds {missing}. Make each band start one above the "
             "last one's max.")
BANDS_GAP_RANGE = "{low} to {high}"
BANDS_OVERLAP = "The bands overlap at {at}."
BAND_MAX_BELOW_MIN = "A band's 'max' is below its 'min'."
BANDS_END_BEFORE_MAX = ("The bands end at {end} but the instrument's max is {max}: cover every "
                        "total from 0 to max.")

# --- Sources ---
SOURCES_NOT_MAPPING = "'sources' must be a mapping of id to source."
YEAR_NOT_DATE = ("'year' is {year} but 'date' is in {date_year}. Give one of them, or make them "
                 "agree.")
URL_NOT_WEB = "'url' must be a web address starting with https://."
BAD_DATE = "'date' must be a day written YYYY-MM-DD, such as 2016-08-31."
CITED_SOURCE_INCOMPLETE = ("Source '{id}' is cited (at {cited_by}) but has no {missing}. Every "
                           "cited source needs its title and a URL, so a doctor can check it.")
CITED_AT_LINE = "{place}, line {line}"
MISSING_SOURCE = ("Missing 'source'. Every talking point and score says where its facts come "
                  "from: add a source id from 'sources'.")
UNKNOWN_SOURCE = "Unknown source '{id}'. Add it under 'sources' or use one of: {allowed}."

# --- Talking points, their triggers and parts ---
SECOND_FALLBACK = "Only one talking point can be the fallback (shown when no other point applies)."
UNKNOWN_PRIORITY = "Unknown priority '{priority}'. Use one of: {allowed}."
FALLBACK_WITH_WHEN = ("The fallback point (shown when no other point applies) takes no 'when', "
                      "'triggers' or 'parts'.")
POINT_WITHOUT_WHEN = ("Give 'when' (which answers make this point apply), 'triggers' (each with "
                      "its own 'when'), or 'fallback: true' (shown when no other point is).")
POINT_MISSING_TEXT = ("Missing '{key}'. Give the point a {key}, or give each of its triggers its "
                      "own {key}.")
POINT_SOURCE_WITHOUT_WHY = ("A 'source' backs a 'why': give the point a why, or move the source "
                            "to the parts whose why it backs.")
TITLE_WITH_PLACEHOLDER = ("A title cannot hold placeholders: it must read the same for every "
                          "patient.")
BAD_PARTS = "'{key}' must be a list of one or more {{when, raise, ask, why, source}}."
PART_WITHOUT_WHEN = "A {what} needs a 'when': the answers that add its text."
TRIGGER_WITHOUT_RAISE = ("A trigger needs a 'raise': what the patient said that made the point "
                         "apply.")
PART_WITHOUT_TEXT = "A part needs at least one of 'raise', 'ask', 'why'."
PART_SOURCE_WITHOUT_WHY = "A 'source' backs a 'why': give this {what} a why, or remove its source."
BAD_ONCE = ("'once' takes true or false, on a part that only adds an ask or a why (said once on "
            "the printout).")
MISSING_SAY = ("Missing 'say': every 'raise' (what the screen asks the patient to tell) needs a "
               "'say', the same in the patient's own voice for the doctor's sheet, such as "
               "\u201cI take {{medicines}}.\u201d")
SAY_WITHOUT_RAISE = "A 'say' goes with a 'raise': give both, or neither."
SAY_TO_PATIENT = ("A 'say' is the patient speaking to the doctor: write it with I, me and my, not "
                  "you or your.")

# --- Placeholders in texts (webapp/engine/points.py) ---
NOT_A_PLACEHOLDER = ("'{{{name}}}' is not a placeholder. Use {{medicines}}, {{medicine_names}} or "
                     "the id of a choice question, such as {{side_effects}}.")
PLACEHOLDER_MAY_BE_EMPTY = ("'{{{name}}}' could be left empty: this text's condition can be true "
                            "without naming a {what}. Add such a condition to its 'when', or "
                            "remove the placeholder.")
PLACEHOLDER_ANSWER = "answer to '{name}'"
PLACEHOLDER_NOT_CHOICE = ("'{{{name}}}' names a {type} question; only choice answers can be "
                          "filled in.")
PLACEHOLDER_WITHOUT_PHRASE = ("'{{{name}}}' may name the option(s) {values} of '{name}', which "
                              "have no 'phrase'. Give each a phrase that fits this sentence.")
PLACEHOLDER_WITHOUT_SAY = ("'{{{name}}}' may name the option(s) {values} of '{name}', which have "
                           "no 'say' (nor a 'phrase' without you or your). Give each a phrase "
                           "that fits this sentence.")
UNPAIRED_BRACE = "A '{{' or '}}' has no partner. Placeholders are written {{medicines}}."

# --- Conditions ('when') ---
WHERE_PAGE = "Page '{id}'"
WHERE_QUESTION = "Question '{id}'"
WHERE_POINT = "Talking point '{id}'"
WHERE_INSTRUMENT = "Instrument '{id}'"
WHERE_NTH = "{where}, {what} {number}"
MEDICINES_NOT_ASKED_YET = ("{where} looks at the patient's medicines, but no question before it "
                           "asks for them, so it could never be true. Move it after the medicines "
                           "question.")
DEPENDS_ON_LATER = ("{where} depends on question '{question}', which comes at the same place or "
                    "later. A condition can only depend on answers given earlier: move the "
                    "question up or the condition down.")
CONDITION_NOT_MAPPING = ("A condition must be a mapping such as {{question: q_id, equals: "
                         "value}}, or {{all: [...]}}, {{any: [...]}}, {{not: {{...}}}}.")
CONDITION_KEY_COUNT = "A condition needs exactly one of these keys: {allowed}."
CONDITION_LIST_EMPTY = "'{key}' needs a list of one or more conditions."
UNKNOWN_CONDITION_QUESTION = ("The condition names question '{question}', which does not exist. "
                              "Check the spelling of the question id.")
COMPARISON_COUNT = "Give exactly one comparison: {allowed}."
COMPARISON_NOT_NUMBER_QUESTION = ("'{op}' only works on number questions; '{question}' is "
                                  "{type}.")
COMPARISON_NOT_NUMBER = "'{op}' takes a number."
COMPARISON_NOT_LIST = "'{op}' takes a list of option values."
EQUALS_ON_MANY = ("'{question}' is a {type} question, so its answer is a list and '{op}' never "
                  "matches. Use any_of: [...] to check whether any of these options is ticked.")
UNKNOWN_CONDITION_OPTION = "Question '{question}' has no option '{option}'. Use one of: {allowed}."
MEDICINE_CONDITION_NOT_MAPPING = ("Give a mapping such as {{class: [benzodiazepine]}} or {{tag: "
                                  "sedating}}.")
NOT_NAMES = ("'{key}' takes a name or a list of names. Put quotes around values such as \"no\" "
             "that YAML would read as true/false or a number.")
UNKNOWN_GENERIC_NAME = ("No medicine in the vocabulary has the generic name '{name}'. Use a name "
                        "from 'medicines'.")
UNKNOWN_MEDICINE_CLASS = "Unknown medicine class '{name}'. Use one of: {allowed}."
UNKNOWN_MEDICINE_TAG = "Unknown medicine tag '{name}'. Use one of: {allowed}."
UNKNOWN_MEDICINE_CONDITION_KEY = "Unknown key '{key}' in a medicine condition."
UNKNOWN_MEDICINE_FIELD_OPTION = ("The medicine list has no '{key}' option {options}. Use one of: "
                                 "{allowed}.")
MEDICINE_CONDITION_EMPTY = ("Name at least one medicine 'class', 'tag' or 'name' (or write "
                            "{{medicine: any}} for any medicine).")
COUNT_CLASSES_AT_LEAST = "'count_classes' needs 'at_least' as a whole number of 1 or more."
COUNT_CLASSES_BY_NAME = ("'count_classes' counts classes; use 'count_medicines' to count "
                         "medicines by name.")
COUNT_MEDICINES_AT_LEAST = "'count_medicines' needs 'at_least' as a whole number of 1 or more."
UNKNOWN_INSTRUMENT = "Unknown scored instrument '{name}'. Use one of: {allowed}."
NO_INSTRUMENTS = "(none defined)"
SCORE_WITHOUT_BOUND = "A score condition needs 'at_least' or 'at_most'."
BOUND_NOT_WHOLE = "'{key}' takes a whole number."
UNKNOWN_CONDITION_KEY = "Unknown key '{key}' in this condition."

# --- The fhir block (webapp/engine/fhir_codes.py) ---
FHIR_NOT_MAPPING = "'fhir' must be a mapping with 'url'."
FHIR_WITH_VERSION = ("Remove 'version' here: the record system gets the questionnaire's version "
                     "from 'version' under 'settings', the one printed on every sheet, so the two "
                     "can never differ.")
FHIR_BAD_URL = ("'url' must be an https:// address (or a urn:) without spaces, '|' or '#': the "
                "questionnaire's address in the record system.")
FHIR_NOT_INSTRUMENT = "'{id}' is not the id of an instrument."
FHIR_PANEL_CODES = "Give the instrument's LOINC 'panel' and 'total' codes."
FHIR_ANSWER_LIST_OPTIONS = "An answer list needs 'options': option value -> LOINC LA code."
FHIR_NOT_QUESTION = "'{id}' is not the id of a question."
FHIR_QUESTION_CODE = "Give the question's LOINC code as 'loinc'."
FHIR_UNKNOWN_ANSWER_LIST = "'{name}' is not one of the 'answer_lists'."
FHIR_ANSWER_LIST_INCOMPLETE = ("Answer list '{name}' must give a code for every option of "
                               "'{question}', a single_choice question.")
FHIR_ANSWER_LIST_MISSING = ("Answer list '{name}' must give a code for every option of "
                            "'{question}', a single_choice question; it has none for {missing}.")
FHIR_BAD_CODE = "'{key}' {problem}."
LOINC_LIKE = "must be a LOINC code like {example}"
LOINC_CHECK_DIGIT = "'{code}' has the wrong check digit: check it against LOINC"
FHIR_UNKNOWN_KEY = "Unknown key '{key}'. Allowed: {allowed}."
