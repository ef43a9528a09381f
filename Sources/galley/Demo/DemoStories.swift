/// The stories the demo files: written for Galley, shaped like the plain text that `galley import` reads.
enum DemoStories {
    /// A story that goes through its whole life.
    static let ferry = """
        Saturday November 28, 2026

        Harbour transport

        Night ferry to run across the harbour from January

        Published : 27 November 2026, 18:40

          By Lena Okafor
        The ferry Marisol at the east pier. Photo: Galley Desk.

        The harbour ferry will add a crossing at 23:30 every night from January 5, the port authority said on Friday, ending a gap that has left night workers on the east shore with a two-bus journey home.

        "Night workers have asked for this for years, and the numbers finally add up," said Port Director Ines Carvalho. Carvalho said the crossing would cost the authority about 410,000 euros a year, paid from the harbour parking levy.

        According to the riders' association, some 1,200 people cross the harbour after 22:00 on a weekday. "Most of them are nurses, cooks and cleaners who now spend an hour on two buses," the association said in a letter to the council.

        The crossing takes 14 minutes. The authority will review the service after six months.
        """

    /// A second story that stays a draft, so the board has more than one row.
    static let library = """
        Library opens on Sundays

        Published : 28 November 2026, 09:15

          By Sam Ortiz

        The central library will open on Sundays from 10:00 to 16:00 starting next month, the council said.

        "Sunday is when families have time to read together," said councillor Maya Lindqvist.
        """
}
