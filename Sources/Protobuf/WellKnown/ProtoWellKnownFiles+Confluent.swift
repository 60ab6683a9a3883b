extension ProtoWellKnownFiles {
    /// The files Confluent bundles besides `google/protobuf/*`: its own `confluent/meta.proto`
    /// (field, message and enum metadata: docs, params, tags, rules), `confluent/type/decimal.proto`
    /// and `confluent/type/variant.proto`, and Google's common types under `google/type/`. A
    /// schema imports them without a reference, as on Confluent.
    ///
    /// Written here from the types' published definitions; the Python client suite checks them
    /// against the descriptors confluent-kafka and googleapis-common-protos ship.
    public static let bundledTexts: [String: String] = [
        "confluent/meta.proto": """
            syntax = "proto3";

            package confluent;

            import "google/protobuf/descriptor.proto";

            option java_package = "io.confluent.protobuf";
            option java_outer_classname = "MetaProto";

            message Meta {
              string doc = 1;
              map<string, string> params = 2;
              repeated string tags = 3;
              repeated Rule rules = 4;
            }

            message Rule {
              string name = 1;
              string doc = 2;
              string expr = 3;
              string sql = 4;
            }

            extend google.protobuf.FileOptions {
              Meta file_meta = 1088;
            }
            extend google.protobuf.MessageOptions {
              Meta message_meta = 1088;
            }
            extend google.protobuf.FieldOptions {
              Meta field_meta = 1088;
            }
            extend google.protobuf.EnumOptions {
              Meta enum_meta = 1088;
            }
            extend google.protobuf.EnumValueOptions {
              Meta enum_value_meta = 1088;
            }

            """,
        "confluent/type/decimal.proto": confluentTypeHeader("DecimalProto") + """
            message Decimal {
              bytes value = 1;
              uint32 precision = 2;
              int32 scale = 3;
            }

            """,
        "confluent/type/variant.proto": confluentTypeHeader("VariantProto") + """
            message Variant {
              bytes metadata = 1;
              bytes value = 2;
            }

            """,
        "google/type/calendar_period.proto": googleTypeHeader("calendarperiod", "CalendarPeriodProto") + """
            enum CalendarPeriod {
              CALENDAR_PERIOD_UNSPECIFIED = 0;
              DAY = 1;
              WEEK = 2;
              FORTNIGHT = 3;
              MONTH = 4;
              QUARTER = 5;
              HALF = 6;
              YEAR = 7;
            }

            """,
        "google/type/color.proto": googleTypeHeader("color", "ColorProto", imports: ["google/protobuf/wrappers.proto"]) + """
            message Color {
              float red = 1;
              float green = 2;
              float blue = 3;
              google.protobuf.FloatValue alpha = 4;
            }

            """,
        "google/type/date.proto": googleTypeHeader("date", "DateProto") + """
            message Date {
              int32 year = 1;
              int32 month = 2;
              int32 day = 3;
            }

            """,
        "google/type/datetime.proto": googleTypeHeader("datetime", "DateTimeProto", imports: ["google/protobuf/duration.proto"]) + """
            message DateTime {
              int32 year = 1;
              int32 month = 2;
              int32 day = 3;
              int32 hours = 4;
              int32 minutes = 5;
              int32 seconds = 6;
              int32 nanos = 7;
              oneof time_offset {
                google.protobuf.Duration utc_offset = 8;
                TimeZone time_zone = 9;
              }
            }

            message TimeZone {
              string id = 1;
              string version = 2;
            }

            """,
        "google/type/dayofweek.proto": googleTypeHeader("dayofweek", "DayOfWeekProto") + """
            enum DayOfWeek {
              DAY_OF_WEEK_UNSPECIFIED = 0;
              MONDAY = 1;
              TUESDAY = 2;
              WEDNESDAY = 3;
              THURSDAY = 4;
              FRIDAY = 5;
              SATURDAY = 6;
              SUNDAY = 7;
            }

            """,
        "google/type/decimal.proto": googleTypeHeader("decimal", "DecimalProto") + """
            message Decimal {
              string value = 1;
            }

            """,
        "google/type/expr.proto": googleTypeHeader("expr", "ExprProto") + """
            message Expr {
              string expression = 1;
              string title = 2;
              string description = 3;
              string location = 4;
            }

            """,
        "google/type/fraction.proto": googleTypeHeader("fraction", "FractionProto") + """
            message Fraction {
              int64 numerator = 1;
              int64 denominator = 2;
            }

            """,
        "google/type/interval.proto": googleTypeHeader("interval", "IntervalProto", imports: ["google/protobuf/timestamp.proto"]) + """
            message Interval {
              google.protobuf.Timestamp start_time = 1;
              google.protobuf.Timestamp end_time = 2;
            }

            """,
        "google/type/latlng.proto": googleTypeHeader("latlng", "LatLngProto") + """
            message LatLng {
              double latitude = 1;
              double longitude = 2;
            }

            """,
        "google/type/money.proto": googleTypeHeader("money", "MoneyProto") + """
            message Money {
              string currency_code = 1;
              int64 units = 2;
              int32 nanos = 3;
            }

            """,
        "google/type/month.proto": googleTypeHeader("month", "MonthProto") + """
            enum Month {
              MONTH_UNSPECIFIED = 0;
              JANUARY = 1;
              FEBRUARY = 2;
              MARCH = 3;
              APRIL = 4;
              MAY = 5;
              JUNE = 6;
              JULY = 7;
              AUGUST = 8;
              SEPTEMBER = 9;
              OCTOBER = 10;
              NOVEMBER = 11;
              DECEMBER = 12;
            }

            """,
        "google/type/phone_number.proto": googleTypeHeader("phone_number", "PhoneNumberProto") + """
            message PhoneNumber {
              message ShortCode {
                string region_code = 1;
                string number = 2;
              }
              oneof kind {
                string e164_number = 1;
                ShortCode short_code = 2;
              }
              string extension = 3;
            }

            """,
        "google/type/postal_address.proto": googleTypeHeader("postaladdress", "PostalAddressProto") + """
            message PostalAddress {
              int32 revision = 1;
              string region_code = 2;
              string language_code = 3;
              string postal_code = 4;
              string sorting_code = 5;
              string administrative_area = 6;
              string locality = 7;
              string sublocality = 8;
              repeated string address_lines = 9;
              repeated string recipients = 10;
              string organization = 11;
            }

            """,
        "google/type/quaternion.proto": googleTypeHeader("quaternion", "QuaternionProto") + """
            message Quaternion {
              double x = 1;
              double y = 2;
              double z = 3;
              double w = 4;
            }

            """,
        "google/type/timeofday.proto": googleTypeHeader("timeofday", "TimeOfDayProto") + """
            message TimeOfDay {
              int32 hours = 1;
              int32 minutes = 2;
              int32 seconds = 3;
              int32 nanos = 4;
            }

            """,
    ]

    /// The opening lines of `confluent/type/*.proto`.
    private static func confluentTypeHeader(_ outerClass: String) -> String {
        """
        syntax = "proto3";

        package confluent.type;

        option java_package = "io.confluent.protobuf.type";
        option java_multiple_files = true;
        option java_outer_classname = "\(outerClass)";


        """
    }

    /// The opening lines of `google/type/*.proto`: proto3, package `google.type`, the
    /// language options each carries (the Go package is named after the file).
    private static func googleTypeHeader(_ goPackage: String, _ outerClass: String, imports: [String] = []) -> String {
        var text = "syntax = \"proto3\";\n\npackage google.type;\n\n"
        for path in imports { text += "import \"\(path)\";\n" }
        if !imports.isEmpty { text += "\n" }
        text += "option go_package = \"google.golang.org/genproto/googleapis/type/\(goPackage);\(goPackage)\";\n"
        text += "option java_multiple_files = true;\n"
        text += "option java_outer_classname = \"\(outerClass)\";\n"
        text += "option java_package = \"com.google.type\";\n"
        text += "option objc_class_prefix = \"GTP\";\n\n"
        return text
    }
}
