/// Which Java Avro release's locations to reproduce when a writer union meets a non-union reader.
///
/// Avro 1.11 checks each writer branch as if it were a fresh document, so the locations it
/// reports are relative to the branch (`/`, `/fields/0/type`). Avro 1.12 (AVRO-3612) reports
/// them from the real root with the branch index (`/fields/2/type/1/fields/0/type`). Confluent
/// ships 1.11.4, hence that is the default; the verdict is the same either way.
public enum AvroLocationStyle: Hashable, Sendable, CaseIterable {
    /// Branch-relative locations, as Confluent Schema Registry reports them.
    case avro1_11
    /// Root-relative locations through the union branch index; more useful to humans.
    case avro1_12
}
