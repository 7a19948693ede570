# The fuzz targets and their input size limits, shared by smoke.sh and campaign.sh.
# shellcheck disable=SC2034
ALL_TARGETS=(score_json council advise jsonl data import edition_for certificate py_values portfolio)

max_len() {
    case "$1" in
        data | import | portfolio) echo 65536 ;;
        jsonl) echo 16384 ;;
        *) echo 8192 ;;
    esac
}
