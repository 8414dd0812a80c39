/**
 * International first and last names, deliberately mixed so the agent has to cope with accents,
 * particles ("van der", "de") and non-European names when matching people by name.
 */
export const FIRST_NAMES: ReadonlyArray<string> = [
  'Aaliyah', 'Amara', 'Anja', 'Ananya', 'Aylin', 'Beatriz', 'Camille', 'Chiara', 'Dalia', 'Elif',
  'Emma', 'Fatima', 'Freya', 'Greta', 'Hana', 'Ines', 'Ingrid', 'Isabel', 'Jana', 'Julia',
  'Katarzyna', 'Kenji', 'Lara', 'Leila', 'Lena', 'Lucía', 'Maja', 'Marta', 'Mei', 'Mira',
  'Nadia', 'Naledi', 'Nora', 'Olga', 'Paula', 'Priya', 'Rosa', 'Saanvi', 'Sara', 'Sofia',
  'Svenja', 'Tamar', 'Thandiwe', 'Valentina', 'Yara', 'Yuki', 'Zeynep', 'Zoë', 'Aino', 'Clara',
  'Ahmed', 'Aleksander', 'Amir', 'André', 'Arjun', 'Bastian', 'Carlos', 'Chidi', 'Daniel', 'Dmitri',
  'Emeka', 'Emil', 'Felix', 'Finn', 'Gabriel', 'Hamza', 'Henrik', 'Hugo', 'Ibrahim', 'Jakob',
  'Jonas', 'Jorge', 'Kai', 'Karim', 'Kofi', 'Lars', 'Leon', 'Lukas', 'Marek', 'Mateo',
  'Matthias', 'Mehmet', 'Milan', 'Moritz', 'Niklas', 'Omar', 'Pavel', 'Pedro', 'Rafael', 'Rahul',
  'Samuel', 'Santiago', 'Tariq', 'Theo', 'Tobias', 'Tomasz', 'Wei', 'Yannick', 'Yusuf', 'Ziad',
];

export const LAST_NAMES: ReadonlyArray<string> = [
  'Abebe', 'Adeyemi', 'Andersen', 'Bakker', 'Becker', 'Bergström', 'Brandt', 'Costa', 'Dąbrowski', 'de Jong',
  'Dubois', 'Dupont', 'Eriksen', 'Fernandes', 'Fischer', 'Fontaine', 'García', 'Gomes', 'Hansen', 'Hartmann',
  'Hoffmann', 'Huber', 'Ivanova', 'Jansen', 'Kaya', 'Keller', 'Kim', 'Klein', 'Kovács', 'Kowalski',
  'Krause', 'Lange', 'Laurent', 'Lehmann', 'Lindqvist', 'Lopez', 'Mahlangu', 'Martins', 'Meyer', 'Moreau',
  'Müller', 'Nakamura', 'Nguyen', 'Nielsen', 'Novak', 'Nowak', 'Okonkwo', 'Oliveira', 'Özdemir', 'Patel',
  'Pereira', 'Petrov', 'Quispe', 'Rahman', 'Ramos', 'Richter', 'Rossi', 'Santos', 'Schäfer', 'Schmidt',
  'Schneider', 'Schulz', 'Silva', 'Singh', 'Sørensen', 'Suzuki', 'Tanaka', 'Torres', 'van der Berg', 'van Dijk',
  'Visser', 'Vogel', 'Wagner', 'Walczak', 'Wang', 'Weber', 'Wiśniewska', 'Wolf', 'Yılmaz', 'Zhang',
  'Zimmermann', 'Ziegler', 'Haddad', 'Mensah', 'Byrne', "O'Connor", 'Murphy', 'Chen', 'Ali', 'Khan',
];
